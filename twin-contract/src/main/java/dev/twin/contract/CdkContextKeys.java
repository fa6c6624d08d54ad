package dev.twin.contract;

import java.util.List;

/**
 * The CDK context keys the default app ({@code dev.twin.cdk.TwinApp}) reads and the plugin sets
 * ({@code -c key=value}); every value is a string.
 */
public final class CdkContextKeys {
    private CdkContextKeys() {}

    /** Required: lowercase letters, digits, dashes (see {@link TwinNames}). */
    public static final String TWIN_NAME = "twinName";

    /** The name visitors see; default the twinName. */
    public static final String DISPLAY_NAME = "displayName";

    /** Required: one of {@link TwinEnvironment#allowed()}. */
    public static final String ENV = "env";

    /** Required: path of the runtime's -lambda.jar. */
    public static final String RUNTIME_JAR = "runtimeJar";

    /** Accepted instead of {@link #RUNTIME_JAR}. */
    public static final String LAMBDA_JAR = "lambdaJar";

    /** One of {@link ModelProvider#allowed()}. */
    public static final String MODEL_PROVIDER = "modelProvider";

    /** Bedrock model or inference-profile id, or OpenAI-compatible model name. */
    public static final String MODEL_ID = "modelId";

    /** https URL of an OpenAI-compatible endpoint. */
    public static final String OPENAI_BASE_URL = "openAiBaseUrl";

    /** Address subscribed to the alarm topic. */
    public static final String ALARM_EMAIL = "alarmEmail";

    /** Custom domain of the site (with {@link #CERTIFICATE_ARN}). */
    public static final String DOMAIN_NAME = "domainName";

    /** ACM certificate (us-east-1) of {@link #DOMAIN_NAME}. */
    public static final String CERTIFICATE_ARN = "certificateArn";

    /** Name of the Secrets Manager secret holding the OpenAI-compatible API key. */
    public static final String API_KEY_SECRET_NAME = "apiKeySecretName";

    /** Days after which stored conversations expire; default keep them. */
    public static final String CONVERSATION_EXPIRY_DAYS = "conversationExpiryDays";

    /** AWS account; default {@code CDK_DEFAULT_ACCOUNT}. */
    public static final String ACCOUNT = "account";

    /** AWS region; default {@code CDK_DEFAULT_REGION}. */
    public static final String REGION = "region";

    /** Stack name; default {@link TwinNames#stackName(String, TwinEnvironment)}. */
    public static final String STACK_NAME = "stackName";

    /** Cost guard: API throttle per route, requests per second. */
    public static final String API_RATE_LIMIT = "apiRateLimit";

    /** Cost guard: API throttle burst per route. */
    public static final String API_BURST_LIMIT = "apiBurstLimit";

    /** Cost guard: the runtime's model calls per UTC day per execution environment. */
    public static final String DAILY_MODEL_CALLS = "dailyModelCalls";

    /** Cost guard: the runtime's model tokens per UTC day per execution environment. */
    public static final String DAILY_MODEL_TOKENS = "dailyModelTokens";

    /** Cost guard: reserved concurrency of the chat function (bounds the fleet); default unset. */
    public static final String MAX_CONCURRENCY = "maxConcurrency";

    /**
     * {@code true}: use the secret named {@link #API_KEY_SECRET_NAME} retained by an earlier
     * deploy.
     */
    public static final String ADOPT_API_KEY_SECRET = "adoptApiKeySecret";

    /** KMS key ARN of the adopted secret (openai provider, customer-managed key). */
    public static final String API_KEY_SECRET_KEY_ARN = "apiKeySecretKeyArn";

    /** E-mail address subscribed to the owner's topic (contacts, unknown questions). */
    public static final String OWNER_EMAIL = "ownerEmail";

    /** Days contacts and unknown questions are kept (default 365). */
    public static final String LEAD_RETENTION_DAYS = "leadRetentionDays";

    /** Owner notifications per hour per function instance (default 20). */
    public static final String OWNER_NOTIFY_PER_HOUR = "ownerNotifyPerHour";

    /**
     * The origin-lock secret's version CloudFront sends, pinned in the header's dynamic reference;
     * twin:deploy passes the version current at deploy time, so a rotation changes the template and
     * CloudFormation resolves the header again. Default: none (resolved as current).
     */
    public static final String ORIGIN_SECRET_VERSION = "originSecretVersion";

    /** The owner's-side keys (issue 15), beside {@link #CONVERSATION_EXPIRY_DAYS}. */
    public static final List<String> OWNER =
            List.of(
                    OWNER_EMAIL,
                    CONVERSATION_EXPIRY_DAYS,
                    LEAD_RETENTION_DAYS,
                    OWNER_NOTIFY_PER_HOUR);

    /** The cost-guard keys (docs/cost-guard.md). */
    public static final List<String> COST_GUARD =
            List.of(
                    API_RATE_LIMIT,
                    API_BURST_LIMIT,
                    DAILY_MODEL_CALLS,
                    DAILY_MODEL_TOKENS,
                    MAX_CONCURRENCY);

    /** Every key above, in declaration order. */
    public static final List<String> ALL =
            List.of(
                    TWIN_NAME,
                    DISPLAY_NAME,
                    ENV,
                    RUNTIME_JAR,
                    LAMBDA_JAR,
                    MODEL_PROVIDER,
                    MODEL_ID,
                    OPENAI_BASE_URL,
                    ALARM_EMAIL,
                    DOMAIN_NAME,
                    CERTIFICATE_ARN,
                    API_KEY_SECRET_NAME,
                    CONVERSATION_EXPIRY_DAYS,
                    ACCOUNT,
                    REGION,
                    STACK_NAME,
                    API_RATE_LIMIT,
                    API_BURST_LIMIT,
                    DAILY_MODEL_CALLS,
                    DAILY_MODEL_TOKENS,
                    MAX_CONCURRENCY,
                    ADOPT_API_KEY_SECRET,
                    API_KEY_SECRET_KEY_ARN,
                    OWNER_EMAIL,
                    LEAD_RETENTION_DAYS,
                    OWNER_NOTIFY_PER_HOUR,
                    ORIGIN_SECRET_VERSION);
}
