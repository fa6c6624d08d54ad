package dev.twin.contract;

import java.util.List;

/**
 * The environment variable names the runtime reads: the CDK constructs set them on the Lambda,
 * local runs (the dev server, {@code twin:run}) take the same names, the docs point here.
 */
public final class RuntimeEnv {
    private RuntimeEnv() {}

    // --- DESIGN.md: set by the constructs on the Lambda ---
    /** Memory bucket; when set, conversations and the persona come from S3. */
    public static final String MEMORY_BUCKET = "TWIN_MEMORY_BUCKET";

    /** Persona key prefix in the memory bucket. Default {@code persona/}. */
    public static final String PERSONA_PREFIX = "TWIN_PERSONA_PREFIX";

    /** {@code bedrock} | {@code openai} | {@code offline}. Default {@code offline}. */
    public static final String MODEL_PROVIDER = "TWIN_MODEL_PROVIDER";

    /** Model id or inference-profile id (bedrock), or model name (openai). */
    public static final String MODEL_ID = "TWIN_MODEL_ID";

    /** Secrets Manager secret holding the OpenAI-compatible API key. */
    public static final String API_KEY_SECRET_ARN = "TWIN_API_KEY_SECRET_ARN";

    /** Base URL of the OpenAI-compatible endpoint. */
    public static final String OPENAI_BASE_URL = "TWIN_OPENAI_BASE_URL";

    /**
     * The one origin that gets CORS headers (the site's), e.g. {@code https://d111.cloudfront.net}.
     */
    public static final String ALLOWED_ORIGIN = "TWIN_ALLOWED_ORIGIN";

    /** The twin's display name. */
    public static final String NAME = "TWIN_NAME";

    /**
     * The stack-safe twin name (ASCII), the {@code TwinName} metric dimension; the constructs set
     * the twinName. Default: {@link #NAME} folded by {@link StackSafeName#of(String)}.
     */
    public static final String METRICS_NAME = "TWIN_METRICS_NAME";

    // --- local runs ---
    /** Local only: the API key itself, instead of a secret. */
    public static final String API_KEY = "TWIN_API_KEY";

    /** Dev server port. Default 8080; 0 picks a free port. */
    public static final String PORT = "TWIN_PORT";

    /** Dev server bind address. Default {@code 127.0.0.1} (not reachable from the network). */
    public static final String HOST = "TWIN_HOST";

    /** Persona directory; unset (and no bucket) means the bundled fictional sample persona. */
    public static final String PERSONA_DIR = "TWIN_PERSONA_DIR";

    /** Memory directory (holds {@code conversations/}). Default {@code <tmp>/twin/memory}. */
    public static final String MEMORY_DIR = "TWIN_MEMORY_DIR";

    /**
     * Static site directory served at {@code /}; unset means the {@code twin-site} jar on the
     * classpath.
     */
    public static final String SITE_DIR = "TWIN_SITE_DIR";

    /** The greeting the generated {@code /config.json} shows. */
    public static final String INTRO = "TWIN_INTRO";

    // --- tuning ---
    /** Messages of history the model sees (the new one included). Default 20. */
    public static final String HISTORY_MESSAGES = "TWIN_HISTORY_MESSAGES";

    /** Characters of history the model sees. Default 16000. */
    public static final String HISTORY_CHARS = "TWIN_HISTORY_CHARS";

    /** Longest visitor message in characters. Default 4000. */
    public static final String MAX_MESSAGE_CHARS = "TWIN_MAX_MESSAGE_CHARS";

    /** Stored conversation cap in bytes. Default 1048576 (1 MB). */
    public static final String MAX_CONVERSATION_BYTES = "TWIN_MAX_CONVERSATION_BYTES";

    /** How often the persona is revalidated, in seconds. Default 60. */
    public static final String PERSONA_REVALIDATE_SECONDS = "TWIN_PERSONA_REVALIDATE_SECONDS";

    // --- cost guard (docs/cost-guard.md): POST /chat is the only request that costs model money
    // ---
    /**
     * Chat turns per minute per client address (IPv6: per /64). Default 10; 0 turns the limit off.
     */
    public static final String RATE_LIMIT_IP_PER_MINUTE = "TWIN_RATE_LIMIT_IP_PER_MINUTE";

    /** Chat turns a client address may send at once after a quiet spell. Default 5. */
    public static final String RATE_LIMIT_IP_BURST = "TWIN_RATE_LIMIT_IP_BURST";

    /** Chat turns per minute per conversation. Default 6; 0 turns the limit off. */
    public static final String RATE_LIMIT_SESSION_PER_MINUTE = "TWIN_RATE_LIMIT_SESSION_PER_MINUTE";

    /** Chat turns a conversation may send at once after a quiet spell. Default 3. */
    public static final String RATE_LIMIT_SESSION_BURST = "TWIN_RATE_LIMIT_SESSION_BURST";

    /**
     * Most addresses (and, separately, conversations) the rate limiter remembers. Default 10000.
     */
    public static final String RATE_LIMIT_MAX_CLIENTS = "TWIN_RATE_LIMIT_MAX_CLIENTS";

    /**
     * Model calls per UTC day for the whole twin (every process and Lambda execution environment
     * sharing the memory bucket or directory). Default 1000; 0 = no cap.
     */
    public static final String DAILY_MODEL_CALLS = "TWIN_DAILY_MODEL_CALLS";

    /**
     * Model tokens (input + output) per UTC day for the whole twin. Default 2000000; 0 = no cap.
     */
    public static final String DAILY_MODEL_TOKENS = "TWIN_DAILY_MODEL_TOKENS";

    /**
     * Model calls a process takes from the shared daily budget at a time (one conditional write per
     * lease). Default 10.
     */
    public static final String DAILY_BUDGET_LEASE = "TWIN_DAILY_BUDGET_LEASE";

    // --- origin lock (docs/SECURITY.md) ---
    /**
     * Secrets Manager secret holding the origin-lock header value ({@code {"current","previous"}});
     * when set, the Lambda front refuses requests without it. Unset (local runs): no check.
     */
    public static final String ORIGIN_SECRET_ARN = "TWIN_ORIGIN_SECRET_ARN";

    /** The owner's SNS topic for contacts and unknown questions; unset = printed locally. */
    public static final String OWNER_TOPIC_ARN = "TWIN_OWNER_TOPIC_ARN";

    /** Owner notifications per clock hour per process. Default 20; 0 = none sent. */
    public static final String OWNER_NOTIFY_PER_HOUR = "TWIN_OWNER_NOTIFY_PER_HOUR";

    /** Every name above, in declaration order. */
    public static final List<String> ALL =
            List.of(
                    MEMORY_BUCKET,
                    PERSONA_PREFIX,
                    MODEL_PROVIDER,
                    MODEL_ID,
                    API_KEY_SECRET_ARN,
                    OPENAI_BASE_URL,
                    ALLOWED_ORIGIN,
                    NAME,
                    METRICS_NAME,
                    API_KEY,
                    PORT,
                    HOST,
                    PERSONA_DIR,
                    MEMORY_DIR,
                    SITE_DIR,
                    INTRO,
                    HISTORY_MESSAGES,
                    HISTORY_CHARS,
                    MAX_MESSAGE_CHARS,
                    MAX_CONVERSATION_BYTES,
                    PERSONA_REVALIDATE_SECONDS,
                    RATE_LIMIT_IP_PER_MINUTE,
                    RATE_LIMIT_IP_BURST,
                    RATE_LIMIT_SESSION_PER_MINUTE,
                    RATE_LIMIT_SESSION_BURST,
                    RATE_LIMIT_MAX_CLIENTS,
                    DAILY_MODEL_CALLS,
                    DAILY_MODEL_TOKENS,
                    DAILY_BUDGET_LEASE,
                    ORIGIN_SECRET_ARN,
                    OWNER_TOPIC_ARN,
                    OWNER_NOTIFY_PER_HOUR);
}
