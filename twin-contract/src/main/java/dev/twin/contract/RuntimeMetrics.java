package dev.twin.contract;

/**
 * The runtime's CloudWatch embedded-metric-format names (it writes them in each request log line,
 * the constructs' dashboard and alarms read them).
 */
public final class RuntimeMetrics {
    private RuntimeMetrics() {}

    /** Metric namespace. */
    public static final String NAMESPACE = "DigitalTwin";

    /** Dimension holding the twin's name. */
    public static final String DIMENSION = "TwinName";

    /** Request latency in milliseconds. */
    public static final String LATENCY_MS = "LatencyMs";

    /** Model call latency in milliseconds. */
    public static final String MODEL_LATENCY_MS = "ModelLatencyMs";

    /** Model input tokens. */
    public static final String INPUT_TOKENS = "InputTokens";

    /** Model output tokens. */
    public static final String OUTPUT_TOKENS = "OutputTokens";

    /** 1 for a server-side failure (5xx or 429), else 0. */
    public static final String ERRORS = "Errors";

    /** Second dimension of {@link #ERRORS} on error lines: the error code. */
    public static final String ERROR_CODE_DIMENSION = "ErrorCode";

    /** Error code logged when an execution environment has spent its daily model budget. */
    public static final String DAILY_LIMIT_ERROR_CODE = "daily_limit_reached";

    /** 1 on a request the origin lock refused (it did not come through CloudFront). */
    public static final String ORIGIN_REFUSED = "OriginRefused";

    /** Error code of a request the origin lock refused. */
    public static final String ORIGIN_REFUSED_ERROR_CODE = "origin_refused";

    /** Owner notifications that failed after one retry (the record is stored anyway). */
    public static final String OWNER_NOTIFICATION_FAILURES = "OwnerNotificationFailures";

    /** Owner notifications dropped over the hourly bound (the record is stored anyway). */
    public static final String OWNER_NOTIFICATIONS_DROPPED = "OwnerNotificationsDropped";
}
