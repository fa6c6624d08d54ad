package dev.twin.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-25T10:00:00Z",
                "2026-11-25T10:00:00.1Z",
                "2026-11-25T10:00:00.250Z",
                "2024-02-29T23:59:59.123456789Z",
                "1970-01-01T00:00:00Z"
            })
    void parseCanonical_agreesWithInstantParse(String text) {
        assertThat(IsoInstant.parseCanonical(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-25T10:00:00",
                "2026-11-25T10:00:00+01:00",
                "2026-02-30T10:00:00Z",
                "2026-11-25T24:00:00Z",
                "2026-11-25 10:00:00Z",
                "2026-11-25T10:00:00.Z",
                "2026-11-25T10:00:00.1234567890Z",
                "yesterday at noon Z",
                "+12026-11-25T10:00:00Z"
            })
    void parseCanonical_otherForms_areLeftToTheGeneralParsers(String text) {
        assertThat(IsoInstant.parseCanonical(text)).isNull();
    }
}
