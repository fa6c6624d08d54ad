package dev.twin.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwinEnvironmentTest {

    @Test
    void parse_acceptsTheThreeIds_caseInsensitive_blanksIgnored() {
        assertThat(TwinEnvironment.parse("dev")).isEqualTo(TwinEnvironment.DEV);
        assertThat(TwinEnvironment.parse(" Staging ")).isEqualTo(TwinEnvironment.STAGING);
        assertThat(TwinEnvironment.parse("PROD")).isEqualTo(TwinEnvironment.PROD);
    }

    @Test
    void parse_roundTripsEveryId() {
        assertThat(Arrays.stream(TwinEnvironment.values()).map(e -> TwinEnvironment.parse(e.id())))
                .containsExactly(TwinEnvironment.values());
        assertThat(TwinEnvironment.allowed()).isEqualTo("dev, staging, prod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "develop", "pro d", "test"})
    void parse_refusesUnknown_namingTheValueAndTheChoices(String bad) {
        assertThatThrownBy(() -> TwinEnvironment.parse(bad))
                .isInstanceOf(UnknownEnvironmentException.class)
                .hasMessage("Unknown environment '" + bad + "' — use one of dev, staging, prod")
                .extracting(e -> ((UnknownEnvironmentException) e).value())
                .isEqualTo(bad);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void parse_refusesMissing_namingTheChoices(String missing) {
        assertThatThrownBy(() -> TwinEnvironment.parse(missing))
                .isInstanceOf(UnknownEnvironmentException.class)
                .hasMessage("No environment given — use one of dev, staging, prod");
    }

    @Test
    void onlyProdIsProtected() {
        assertThat(List.of(TwinEnvironment.values()))
                .filteredOn(TwinEnvironment::isProtected)
                .containsExactly(TwinEnvironment.PROD);
    }
}
