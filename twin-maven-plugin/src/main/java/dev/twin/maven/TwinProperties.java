package dev.twin.maven;

/**
 * Every user property of the plugin, in one place ({@code -Dtwin.env=prod}); goals refer to these
 * names only.
 */
public final class TwinProperties {

    public static final String ENV = "twin.env";
    public static final String NAME = "twin.name";
    public static final String SKIP = "twin.skip";
    public static final String REGION = "twin.region";
    public static final String PROFILE = "twin.profile";
    public static final String ENDPOINT_S3 = "twin.endpoint.s3";
    public static final String ENDPOINT_CLOUDFRONT = "twin.endpoint.cloudfront";
    public static final String ENDPOINT_SECRETSMANAGER = "twin.endpoint.secretsmanager";
    public static final String ENDPOINT_CLOUDFORMATION = "twin.endpoint.cloudformation";
    public static final String ENDPOINT_STS = "twin.endpoint.sts";
    public static final String ENDPOINT_BEDROCK = "twin.endpoint.bedrock";

    // persona
    public static final String PERSONA_DIR = "twin.personaDir";
    public static final String PERSONA_MAX_BYTES = "twin.persona.maxBytes";
    public static final String SKIP_PERSONA = "twin.skipPersona";

    // site
    public static final String SITE_DIR = "twin.siteDir";
    public static final String SITE_OVERRIDES_DIR = "twin.siteOverridesDir";
    public static final String SITE_PREFIX = "twin.sitePrefix";
    public static final String DRY_RUN = "twin.dryRun";
    public static final String PUBLISH_THREADS = "twin.publish.threads";
    public static final String SKIP_PUBLISH = "twin.skipPublish";
    public static final String AVATAR = "twin.avatar";
    public static final String INTRO = "twin.intro";

    // cdn
    public static final String SKIP_INVALIDATE = "twin.skipInvalidate";
    public static final String WAIT = "twin.wait";
    public static final String WAIT_TIMEOUT = "twin.waitTimeout";
    public static final String INVALIDATION_THRESHOLD = "twin.invalidation.maxPaths";

    // cdk
    public static final String CONFIRM = "twin.confirm";
    public static final String APP_CLASS = "twin.appClass";
    public static final String CDK_CACHE_DIR = "twin.cdk.cacheDir";

    /** The npm aws-cdk version run by the deploy-side goals (default: CdkCli.VERSION). */
    public static final String CDK_CLI_VERSION = "twin.cdkCliVersion";

    /** {@code never} or {@code broadening}: the CDK CLI's --require-approval for twin:deploy. */
    public static final String APPROVE = "twin.approve";

    public static final String ACCOUNT = "twin.account";
    public static final String API_KEY_SECRET_NAME = "twin.apiKeySecretName";
    public static final String API_KEY = "twin.apiKey";
    public static final String MODEL_PROVIDER = "twin.modelProvider";
    public static final String MODEL_ID = "twin.modelId";
    public static final String OPENAI_BASE_URL = "twin.openAiBaseUrl";
    public static final String ALARM_EMAIL = "twin.alarmEmail";
    public static final String DOMAIN_NAME = "twin.domainName";
    public static final String CERTIFICATE_ARN = "twin.certificateArn";
    public static final String LAMBDA_JAR = "twin.lambdaJar";

    /**
     * The cost guard (docs/cost-guard.md): API stage throttle and the runtime's daily model budget,
     * as CDK context.
     */
    public static final String API_RATE_LIMIT = "twin.apiRateLimit";

    public static final String API_BURST_LIMIT = "twin.apiBurstLimit";
    public static final String DAILY_MODEL_CALLS = "twin.dailyModelCalls";
    public static final String DAILY_MODEL_TOKENS = "twin.dailyModelTokens";

    /** Reserved concurrency of the chat function (bounds the fleet); default unset. */
    public static final String MAX_CONCURRENCY = "twin.maxConcurrency";

    /** true: use the secret of that name retained by an earlier deploy instead of creating it. */
    public static final String ADOPT_API_KEY_SECRET = "twin.adoptApiKeySecret";

    /** KMS key ARN of the adopted secret (openai provider, customer-managed key). */
    public static final String API_KEY_SECRET_KEY_ARN = "twin.apiKeySecretKeyArn";

    public static final String SKIP_SYNTH = "twin.skipSynth";

    /**
     * Skips the post-deploy chat request that checks the model answers (Bedrock model access, API
     * key).
     */
    public static final String SKIP_MODEL_CHECK = "twin.skipModelCheck";

    // run
    public static final String PORT = "twin.port";
    public static final String RUN_SECONDS = "twin.run.seconds";

    /**
     * The local twin's model; separate from twin.modelProvider so a project deploying Bedrock still
     * runs offline.
     */
    public static final String RUN_MODEL_PROVIDER = "twin.run.modelProvider";

    public static final String RUN_MODEL_ID = "twin.run.modelId";
    public static final String DISPLAY_NAME = "twin.displayName";

    /** The page's privacy line (config.json privacyNote). */
    public static final String PRIVACY_NOTE = "twin.privacyNote";

    // the owner's side (issue 15): stack settings
    public static final String OWNER_EMAIL = "twin.ownerEmail";
    public static final String CONVERSATION_RETENTION_DAYS = "twin.conversationRetentionDays";
    public static final String LEAD_RETENTION_DAYS = "twin.leadRetentionDays";
    public static final String OWNER_NOTIFY_PER_HOUR = "twin.ownerNotifyPerHour";

    // twin:conversations, twin:leads, twin:logs
    /** Read target/twin/local (what twin:run writes) instead of the deployed stack. */
    public static final String LOCAL = "twin.local";

    public static final String LIMIT = "twin.limit";
    public static final String CONVERSATION = "twin.conversation";
    public static final String EXPORT = "twin.export";
    public static final String SINCE = "twin.since";
    public static final String FOLLOW = "twin.follow";
    public static final String ERRORS = "twin.errors";
    public static final String ENDPOINT_LOGS = "twin.endpoint.logs";
    public static final String SKIP_CONVERSATIONS = "twin.skipConversations";
    public static final String SKIP_LEADS = "twin.skipLeads";
    public static final String SKIP_LOGS = "twin.skipLogs";

    private TwinProperties() {}
}
