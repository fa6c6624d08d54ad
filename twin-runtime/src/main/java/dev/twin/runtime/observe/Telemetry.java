package dev.twin.runtime.observe;

import static dev.twin.contract.RuntimeMetrics.DIMENSION;
import static dev.twin.contract.RuntimeMetrics.ERRORS;
import static dev.twin.contract.RuntimeMetrics.ERROR_CODE_DIMENSION;
import static dev.twin.contract.RuntimeMetrics.INPUT_TOKENS;
import static dev.twin.contract.RuntimeMetrics.LATENCY_MS;
import static dev.twin.contract.RuntimeMetrics.MODEL_LATENCY_MS;
import static dev.twin.contract.RuntimeMetrics.NAMESPACE;
import static dev.twin.contract.RuntimeMetrics.OUTPUT_TOKENS;

import dev.twin.contract.RuntimeMetrics;
import dev.twin.contract.StackSafeName;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one JSON line per request that is both the structured request log and a CloudWatch
 * embedded-metric-format (EMF) record ({@link RuntimeMetrics}): namespace {@code DigitalTwin},
 * dimension {@code TwinName}, metrics {@code LatencyMs}, {@code ModelLatencyMs}, {@code
 * InputTokens}, {@code OutputTokens}, {@code Errors}; error lines add the dimension set {@code
 * [TwinName, ErrorCode]} for {@code Errors}. {@code Errors} is 1 for server-side failures (status
 * 5xx and 429, what an operator acts on) and 0 otherwise; a visitor's bad input (other 4xx) is
 * logged with its {@code errorCode} but is not an error. A request the origin lock refused ({@code
 * origin_refused}: not sent through CloudFront) adds the metric {@code OriginRefused} = 1 instead,
 * so direct callers are counted without raising the error alarms.
 */
public final class Telemetry {

    /** Metric counting requests refused by the origin lock. */
    public static final String ORIGIN_REFUSED_METRIC = RuntimeMetrics.ORIGIN_REFUSED;

    private static final String ORIGIN_REFUSED_CODE = RuntimeMetrics.ORIGIN_REFUSED_ERROR_CODE;

    private final String twinName;
    private final Consumer<String> sink;
    private final boolean readable;

    public Telemetry(String twinName, Consumer<String> sink) {
        this(twinName, sink, false);
    }

    private Telemetry(String twinName, Consumer<String> sink, boolean readable) {
        // CloudWatch dimension values must be ASCII; a display name such as "Zoë O'Brien" is not.
        this.twinName = StackSafeName.of(Objects.requireNonNull(twinName, "twinName"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.readable = readable;
    }

    /** Lines go to stdout, which Lambda ships to CloudWatch Logs (where EMF becomes metrics). */
    public static Telemetry stdout(String twinName) {
        return new Telemetry(twinName, Log::raw);
    }

    /**
     * For people, not CloudWatch: one readable line per request on stdout (a local run: twin:run,
     * {@code java -jar}), e.g. {@code 12:00:01 POST /chat 200 812 ms model 790 ms tokens 120/40 -
     * req-1}.
     */
    public static Telemetry readable(String twinName) {
        return new Telemetry(twinName, Log::raw, true);
    }

    /** Writes nothing (SnapStart priming must not pollute the logs or the metrics). */
    public static Telemetry discard() {
        return new Telemetry("-", line -> {});
    }

    public void request(RequestRecord r) {
        long now = System.currentTimeMillis();
        sink.accept(readable ? readableLine(r, now) : line(r, now));
    }

    static String readableLine(RequestRecord r, long epochMillis) {
        StringBuilder b = new StringBuilder(120);
        b.append(
                        java.time.Instant.ofEpochMilli(epochMillis)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append("  ")
                .append(r.method())
                .append(' ')
                .append(r.route())
                .append("  ")
                .append(r.status())
                .append("  ")
                .append(r.latencyMs())
                .append(" ms");
        if (r.modelLatencyMs() >= 0) {
            b.append("  model ").append(r.modelLatencyMs()).append(" ms");
        }
        if (r.inputTokens() >= 0 || r.outputTokens() >= 0) {
            b.append("  tokens ").append(r.inputTokens()).append('/').append(r.outputTokens());
        }
        b.append("  ").append(r.errorCode() != null ? r.errorCode() : "-");
        b.append("  ").append(r.requestId());
        return b.toString();
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
        boolean originRefused = ORIGIN_REFUSED_CODE.equals(r.errorCode());
        StringBuilder b = new StringBuilder(512);
        b.append("{\"_aws\":{\"Timestamp\":")
                .append(epochMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"")
                .append(NAMESPACE)
                .append("\",\"Dimensions\":[[\"" + DIMENSION + "\"]],\"Metrics\":[")
                .append("{\"Name\":\"" + LATENCY_MS + "\",\"Unit\":\"Milliseconds\"}");
        if (model) {
            b.append(",{\"Name\":\"" + MODEL_LATENCY_MS + "\",\"Unit\":\"Milliseconds\"}");
        }
        if (tokensIn) {
            b.append(",{\"Name\":\"" + INPUT_TOKENS + "\",\"Unit\":\"Count\"}");
        }
        if (tokensOut) {
            b.append(",{\"Name\":\"" + OUTPUT_TOKENS + "\",\"Unit\":\"Count\"}");
        }
        if (originRefused) {
            b.append(",{\"Name\":\"" + ORIGIN_REFUSED_METRIC + "\",\"Unit\":\"Count\"}");
        }
        b.append(",{\"Name\":\"" + ERRORS + "\",\"Unit\":\"Count\"}]}");
        if (error) {
            b.append(",{\"Namespace\":\"")
                    .append(NAMESPACE)
                    .append(
                            "\",\"Dimensions\":[[\""
                                    + DIMENSION
                                    + "\",\""
                                    + ERROR_CODE_DIMENSION
                                    + "\"]],\"Metrics\":[{\"Name\":\""
                                    + ERRORS
                                    + "\",\"Unit\":\"Count\"}]}");
        }
        b.append("]},\"level\":\"")
                .append(r.status() >= 500 ? "ERROR" : "INFO")
                .append("\",\"type\":\"request\"");
        b.append(",\"" + DIMENSION + "\":");
        JsonText.quote(b, twinName);
        b.append(",\"requestId\":");
        JsonText.quote(b, r.requestId());
        b.append(",\"method\":");
        JsonText.quote(b, r.method());
        b.append(",\"route\":");
        JsonText.quote(b, r.route());
        b.append(",\"status\":").append(r.status());
        b.append(",\"" + LATENCY_MS + "\":").append(r.latencyMs());
        if (model) {
            b.append(",\"" + MODEL_LATENCY_MS + "\":").append(r.modelLatencyMs());
        }
        if (tokensIn) {
            b.append(",\"" + INPUT_TOKENS + "\":").append(r.inputTokens());
        }
        if (tokensOut) {
            b.append(",\"" + OUTPUT_TOKENS + "\":").append(r.outputTokens());
        }
        if (originRefused) {
            b.append(",\"" + ORIGIN_REFUSED_METRIC + "\":1");
        }
        b.append(",\"" + ERRORS + "\":").append(error ? 1 : 0);
        if (r.errorCode() != null) {
            b.append(",\"" + ERROR_CODE_DIMENSION + "\":");
            JsonText.quote(b, r.errorCode());
        }
        b.append('}');
        return b.toString();
    }
}
