package dev.twin.runtime.observe;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one JSON line per request that is both the structured request log and a CloudWatch
 * embedded-metric-format (EMF) record: namespace {@code DigitalTwin}, dimension {@code TwinName},
 * metrics {@code LatencyMs}, {@code ModelLatencyMs}, {@code InputTokens}, {@code OutputTokens},
 * {@code Errors}; error lines add the dimension set {@code [TwinName, ErrorCode]} for {@code
 * Errors}. {@code Errors} is 1 for server-side failures (status 5xx and 429, what an operator acts
 * on) and 0 otherwise; a visitor's bad input (other 4xx) is logged with its {@code errorCode} but
 * is not an error.
 */
public final class Telemetry {

    public static final String NAMESPACE = "DigitalTwin";

    private final String twinName;
    private final Consumer<String> sink;

    public Telemetry(String twinName, Consumer<String> sink) {
        this.twinName = Objects.requireNonNull(twinName, "twinName");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Lines go to stdout, which Lambda ships to CloudWatch Logs (where EMF becomes metrics). */
    public static Telemetry stdout(String twinName) {
        return new Telemetry(twinName, Log::raw);
    }

    /** Writes nothing (SnapStart priming must not pollute the logs or the metrics). */
    public static Telemetry discard() {
        return new Telemetry("-", line -> {});
    }

    public void request(RequestRecord r) {
        sink.accept(line(r, System.currentTimeMillis()));
    }

    /** Whether a response counts in the {@code Errors} metric. */
    public static boolean isError(int status) {
        return status >= 500 || status == 429;
    }

    String line(RequestRecord r, long epochMillis) {
        boolean error = isError(r.status()) && r.errorCode() != null;
        boolean model = r.modelLatencyMs() >= 0;
        boolean tokensIn = r.inputTokens() >= 0;
        boolean tokensOut = r.outputTokens() >= 0;
        StringBuilder b = new StringBuilder(512);
        b.append("{\"_aws\":{\"Timestamp\":")
                .append(epochMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"")
                .append(NAMESPACE)
                .append("\",\"Dimensions\":[[\"TwinName\"]],\"Metrics\":[")
                .append("{\"Name\":\"LatencyMs\",\"Unit\":\"Milliseconds\"}");
        if (model) {
            b.append(",{\"Name\":\"ModelLatencyMs\",\"Unit\":\"Milliseconds\"}");
        }
        if (tokensIn) {
            b.append(",{\"Name\":\"InputTokens\",\"Unit\":\"Count\"}");
        }
        if (tokensOut) {
            b.append(",{\"Name\":\"OutputTokens\",\"Unit\":\"Count\"}");
        }
        b.append(",{\"Name\":\"Errors\",\"Unit\":\"Count\"}]}");
        if (error) {
            b.append(",{\"Namespace\":\"")
                    .append(NAMESPACE)
                    .append(
                            "\",\"Dimensions\":[[\"TwinName\",\"ErrorCode\"]],\"Metrics\":[{\"Name\":\"Errors\",\"Unit\":\"Count\"}]}");
        }
        b.append("]},\"level\":\"")
                .append(r.status() >= 500 ? "ERROR" : "INFO")
                .append("\",\"type\":\"request\"");
        b.append(",\"TwinName\":");
        JsonText.quote(b, twinName);
        b.append(",\"requestId\":");
        JsonText.quote(b, r.requestId());
        b.append(",\"method\":");
        JsonText.quote(b, r.method());
        b.append(",\"route\":");
        JsonText.quote(b, r.route());
        b.append(",\"status\":").append(r.status());
        b.append(",\"LatencyMs\":").append(r.latencyMs());
        if (model) {
            b.append(",\"ModelLatencyMs\":").append(r.modelLatencyMs());
        }
        if (tokensIn) {
            b.append(",\"InputTokens\":").append(r.inputTokens());
        }
        if (tokensOut) {
            b.append(",\"OutputTokens\":").append(r.outputTokens());
        }
        b.append(",\"Errors\":").append(error ? 1 : 0);
        if (r.errorCode() != null) {
            b.append(",\"ErrorCode\":");
            JsonText.quote(b, r.errorCode());
        }
        b.append('}');
        return b.toString();
    }
}
