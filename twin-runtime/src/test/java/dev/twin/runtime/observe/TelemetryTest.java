package dev.twin.runtime.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.contract.StackSafeName;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Telemetry telemetry = new Telemetry("Ana \"the\" Twin", line -> {});

    @Test
    void line_success_isEmfWithTwinNameDimensionAndAllFigures() throws Exception {
        JsonNode n =
                JSON.readTree(
                        telemetry.line(
                                new RequestRecord("r1", "POST", "/chat", 200, 12, 9, 100, 40, null),
                                1000L));

        JsonNode directive = n.at("/_aws/CloudWatchMetrics/0");
        assertThat(n.at("/_aws/Timestamp").asLong()).isEqualTo(1000L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("DigitalTwin");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("TwinName");
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactly(
                        "LatencyMs", "ModelLatencyMs", "InputTokens", "OutputTokens", "Errors");
        // the dimension value is the stack-safe name: CloudWatch dimension values must be ASCII
        assertThat(n.get("TwinName").asText()).isEqualTo("ana-the-twin");
        assertThat(n.get("LatencyMs").asLong()).isEqualTo(12);
        assertThat(n.get("ModelLatencyMs").asLong()).isEqualTo(9);
        assertThat(n.get("InputTokens").asInt()).isEqualTo(100);
        assertThat(n.get("OutputTokens").asInt()).isEqualTo(40);
        assertThat(n.get("Errors").asInt()).isZero();
        assertThat(n.at("/_aws/CloudWatchMetrics")).hasSize(1);
    }

    @Test
    void line_nonAsciiDisplayName_givesTheSameAsciiDimensionAsTheConstructs() throws Exception {
        JsonNode n =
                JSON.readTree(
                        new Telemetry("Zoë O'Brien", line -> {})
                                .line(
                                        new RequestRecord(
                                                "r1", "POST", "/chat", 200, 12, 9, 100, 40, null),
                                        1000L));
        assertThat(n.get("TwinName").asText()).isEqualTo("zoe-o-brien");
        // a stack-safe name set by the constructs (TWIN_METRICS_NAME) passes through unchanged
        assertThat(StackSafeName.of("zoe-obrien")).isEqualTo("zoe-obrien");
    }

    @Test
    void line_serverError_countsAnErrorUnderTheErrorCodeDimensionToo() throws Exception {
        JsonNode n =
                JSON.readTree(
                        telemetry.line(
                                new RequestRecord(
                                        "r2",
                                        "POST",
                                        "/chat",
                                        504,
                                        30000,
                                        -1,
                                        -1,
                                        -1,
                                        "model_timeout"),
                                1L));

        assertThat(n.get("Errors").asInt()).isEqualTo(1);
        assertThat(n.get("ErrorCode").asText()).isEqualTo("model_timeout");
        assertThat(n.at("/_aws/CloudWatchMetrics/1/Dimensions/0").findValuesAsText("")).isEmpty();
        assertThat(n.at("/_aws/CloudWatchMetrics/1/Dimensions/0/1").asText())
                .isEqualTo("ErrorCode");
        assertThat(n.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
                .containsExactly("LatencyMs", "Errors");
        assertThat(n.has("ModelLatencyMs")).isFalse();
    }

    @Test
    void line_visitorError_isLoggedWithItsCodeButIsNotAnError() throws Exception {
        JsonNode n =
                JSON.readTree(
                        telemetry.line(
                                new RequestRecord(
                                        "r3",
                                        "POST",
                                        "/chat",
                                        400,
                                        1,
                                        -1,
                                        -1,
                                        -1,
                                        "invalid_message"),
                                1L));

        assertThat(n.get("Errors").asInt()).isZero();
        assertThat(n.get("ErrorCode").asText()).isEqualTo("invalid_message");
        assertThat(n.at("/_aws/CloudWatchMetrics")).hasSize(1);
    }
}
