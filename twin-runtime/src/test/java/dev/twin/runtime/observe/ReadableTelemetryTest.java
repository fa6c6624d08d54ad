package dev.twin.runtime.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A local run prints one readable line per request instead of EMF JSON (which is for CloudWatch).
 */
class ReadableTelemetryTest {

    private static final long T = Instant.parse("2026-12-06T12:00:01.456Z").toEpochMilli();

    @Test
    void readableLine_hasTimeRouteStatusLatencyModelTokensErrorAndRequestId() {
        String line =
                Telemetry.readableLine(
                        new RequestRecord("req-1", "POST", "/chat", 200, 812, 790, 120, 40, null),
                        T);

        assertThat(line)
                .isEqualTo(
                        "2026-12-06T12:00:01Z  POST /chat  200  812 ms  model 790 ms  tokens 120/40  -  req-1")
                .doesNotContain("_aws");
    }

    @Test
    void readableLine_ofAFailure_showsTheErrorCode_andLeavesOutWhatItLacks() {
        String line =
                Telemetry.readableLine(
                        new RequestRecord(
                                "req-2",
                                "GET",
                                "/conversation/{session_id}",
                                404,
                                3,
                                -1,
                                -1,
                                -1,
                                "conversation_not_found"),
                        T);

        assertThat(line)
                .isEqualTo(
                        "2026-12-06T12:00:01Z  GET /conversation/{session_id}  404  3 ms  conversation_not_found  req-2");
    }
}
