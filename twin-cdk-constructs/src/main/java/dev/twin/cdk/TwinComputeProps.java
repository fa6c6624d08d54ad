package dev.twin.cdk;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.StackSafeName;
import dev.twin.contract.TwinEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Props of {@link TwinCompute}; all optional except {@code lambdaJar}, which has no sensible
 * default.
 */
public final class TwinComputeProps {

    private final Path lambdaJar;
    private final IRole role;
    private final String twinName;
    private final IBucket memoryBucket;
    private final ModelProvider modelProvider;
    private final String modelId;
    private final ISecret apiKeySecret;
    private final ISecret originSecret;
    private final String openAiBaseUrl;
    private final String allowedOrigin;
    private final int memorySizeMb;
    private final RetentionDays logRetention;
    private final RemovalPolicy removalPolicy;
    private final Integer dailyModelCalls;
    private final Integer dailyModelTokens;
    private final Integer maxConcurrency;
    private final boolean snapStart;
    private final String metricsName;

    private TwinComputeProps(Builder b) {
        this.lambdaJar = b.lambdaJar;
        this.role = b.role;
        this.twinName = b.twinName != null ? b.twinName : "twin";
        this.memoryBucket = b.memoryBucket;
        this.modelProvider = b.modelProvider != null ? b.modelProvider : ModelProvider.BEDROCK;
        this.modelId = b.modelId != null ? b.modelId : DigitalTwinStackProps.DEFAULT_MODEL_ID;
        this.apiKeySecret = b.apiKeySecret;
        this.originSecret = b.originSecret;
        this.openAiBaseUrl = b.openAiBaseUrl;
        this.allowedOrigin = b.allowedOrigin;
        this.memorySizeMb =
                b.memorySizeMb != null ? b.memorySizeMb : SecureDefaults.LAMBDA_MEMORY_MB;
        this.logRetention =
                b.logRetention != null
                        ? b.logRetention
                        : SecureDefaults.logRetention(TwinEnvironment.PROD);
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
        this.dailyModelCalls = b.dailyModelCalls;
        this.dailyModelTokens = b.dailyModelTokens;
        this.maxConcurrency = b.maxConcurrency;
        this.snapStart = b.snapStart == null || b.snapStart;
        this.metricsName = b.metricsName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The runtime's shaded jar (classifier {@code lambda}). Required: there is no default code. */
    public Path getLambdaJar() {
        return lambdaJar;
    }

    /** Execution role. @default a {@link TwinIam} that can only write the function's own logs */
    public IRole getRole() {
        return role;
    }

    /** {@code TWIN_NAME}. @default {@code twin} */
    public String getTwinName() {
        return twinName;
    }

    /** {@code TWIN_MEMORY_BUCKET}. @default unset (the runtime then refuses to start in Lambda) */
    public IBucket getMemoryBucket() {
        return memoryBucket;
    }

    /** {@code TWIN_MODEL_PROVIDER}. @default {@link ModelProvider#BEDROCK} */
    public ModelProvider getModelProvider() {
        return modelProvider;
    }

    /** {@code TWIN_MODEL_ID}. @default {@value DigitalTwinStackProps#DEFAULT_MODEL_ID} */
    public String getModelId() {
        return modelId;
    }

    /** {@code TWIN_API_KEY_SECRET_ARN}, only for the openai provider. @default unset */
    public ISecret getApiKeySecret() {
        return apiKeySecret;
    }

    /**
     * The origin-lock secret ({@link TwinOriginLock}); the function then refuses requests that did
     * not come through CloudFront. @default none: no origin lock
     */
    public ISecret getOriginSecret() {
        return originSecret;
    }

    /**
     * {@code TWIN_OPENAI_BASE_URL}, only for the openai provider. @default unset (the runtime's
     * default)
     */
    public String getOpenAiBaseUrl() {
        return openAiBaseUrl;
    }

    /**
     * {@code TWIN_ALLOWED_ORIGIN}: the one origin allowed to call the API cross-origin. @default
     * unset (no CORS)
     */
    public String getAllowedOrigin() {
        return allowedOrigin;
    }

    /** Memory in MB. @default 1024 */
    public int getMemorySizeMb() {
        return memorySizeMb;
    }

    /** Retention of the function's log group. @default three months */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /** What happens to the log group when the stack is deleted. @default {@code RETAIN} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * {@code TWIN_DAILY_MODEL_CALLS}: model calls per UTC day per execution environment; 0 = no
     * cap.
     *
     * @default unset (the runtime's default, 1000)
     */
    public Integer getDailyModelCalls() {
        return dailyModelCalls;
    }

    /**
     * {@code TWIN_DAILY_MODEL_TOKENS}: model tokens per UTC day per execution environment; 0 = no
     * cap.
     *
     * @default unset (the runtime's default, 2000000)
     */
    public Integer getDailyModelTokens() {
        return dailyModelTokens;
    }

    /**
     * Reserved concurrency: the most execution environments the function may run at once (and so
     * the most daily budgets alive). Unset by default because Lambda keeps at least 10 unreserved
     * concurrent executions per account: on a new account (quota 10) any reservation fails the
     * deploy, and a reservation also takes capacity from every other function of the account.
     *
     * @default unset (the account's unreserved pool)
     */
    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    /**
     * SnapStart on published versions. Off only where Lambda does not offer it ({@link
     * RegionSupport#snapStartSupported}); a function without it starts the JVM on every cold start.
     *
     * @default true
     */
    public boolean isSnapStart() {
        return snapStart;
    }

    /**
     * {@code TWIN_METRICS_NAME}: the stack-safe twin name the runtime uses as its {@code TwinName}
     * metric dimension (CloudWatch dimension values must be ASCII; the display name may not be).
     *
     * @default unset (the runtime derives it from {@code TWIN_NAME} with {@link
     *     StackSafeName#of(String)})
     */
    public String getMetricsName() {
        return metricsName;
    }

    static void validateMaxConcurrency(Integer value, Problems problems) {
        problems.check(
                value == null || value >= 1,
                "maxConcurrency "
                        + value
                        + " must be at least 1 concurrent execution (or unset for no reservation)");
    }

    /**
     * Shared with {@link DigitalTwinStackProps}: the daily budgets are whole, non-negative numbers.
     */
    static void validateDailyBudget(Integer calls, Integer tokens, Problems problems) {
        problems.check(
                calls == null || calls >= 0,
                "dailyModelCalls " + calls + " must be 0 (no cap) or more model calls per day");
        problems.check(
                tokens == null || tokens >= 0,
                "dailyModelTokens " + tokens + " must be 0 (no cap) or more model tokens per day");
    }

    void validate(Problems problems) {
        validateDailyBudget(dailyModelCalls, dailyModelTokens, problems);
        validateMaxConcurrency(maxConcurrency, problems);
        if (lambdaJar == null) {
            problems.add(
                    "lambdaJar is missing: set it to the runtime's shaded jar"
                            + " (twin-runtime/target/twin-runtime-<version>-lambda.jar; context key runtimeJar for TwinApp)");
        } else if (!Files.isRegularFile(lambdaJar)) {
            problems.add(
                    "lambdaJar "
                            + lambdaJar.toAbsolutePath()
                            + " does not exist or is not a file:"
                            + " build twin-runtime first (mvn -pl twin-runtime package) or point lambdaJar at its -lambda.jar");
        }
        problems.check(
                memorySizeMb >= 128 && memorySizeMb <= 10240,
                "memorySizeMb " + memorySizeMb + " is outside Lambda's 128..10240 MB");
        if (modelProvider == ModelProvider.OPENAI) {
            problems.check(
                    apiKeySecret != null,
                    "modelProvider openai needs apiKeySecret (the function reads the API key from it)");
        }
        problems.check(
                openAiBaseUrl == null || openAiBaseUrl.startsWith("https://"),
                "openAiBaseUrl '"
                        + openAiBaseUrl
                        + "' must be an https:// URL (the API key must never travel in clear)");
        problems.check(
                openAiBaseUrl == null || modelProvider == ModelProvider.OPENAI,
                "openAiBaseUrl is set but modelProvider is "
                        + modelProvider.id()
                        + ": set modelProvider openai or drop it");
    }

    /** Builder of {@link TwinComputeProps}. */
    public static final class Builder {
        private Path lambdaJar;
        private IRole role;
        private String twinName;
        private IBucket memoryBucket;
        private ModelProvider modelProvider;
        private String modelId;
        private ISecret apiKeySecret;
        private ISecret originSecret;

        public Builder originSecret(ISecret value) {
            this.originSecret = value;
            return this;
        }

        private String openAiBaseUrl;
        private String allowedOrigin;
        private Integer memorySizeMb;
        private RetentionDays logRetention;
        private RemovalPolicy removalPolicy;
        private Integer dailyModelCalls;
        private Integer dailyModelTokens;
        private Integer maxConcurrency;
        private Boolean snapStart;
        private String metricsName;

        public Builder maxConcurrency(Integer value) {
            this.maxConcurrency = value;
            return this;
        }

        public Builder snapStart(Boolean value) {
            this.snapStart = value;
            return this;
        }

        public Builder metricsName(String value) {
            this.metricsName = value;
            return this;
        }

        public Builder lambdaJar(Path value) {
            this.lambdaJar = value;
            return this;
        }

        public Builder role(IRole value) {
            this.role = value;
            return this;
        }

        public Builder twinName(String value) {
            this.twinName = value;
            return this;
        }

        public Builder memoryBucket(IBucket value) {
            this.memoryBucket = value;
            return this;
        }

        public Builder modelProvider(ModelProvider value) {
            this.modelProvider = value;
            return this;
        }

        public Builder modelId(String value) {
            this.modelId = value;
            return this;
        }

        public Builder apiKeySecret(ISecret value) {
            this.apiKeySecret = value;
            return this;
        }

        public Builder openAiBaseUrl(String value) {
            this.openAiBaseUrl = value;
            return this;
        }

        public Builder allowedOrigin(String value) {
            this.allowedOrigin = value;
            return this;
        }

        public Builder memorySizeMb(Integer value) {
            this.memorySizeMb = value;
            return this;
        }

        public Builder logRetention(RetentionDays value) {
            this.logRetention = value;
            return this;
        }

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public Builder dailyModelCalls(Integer value) {
            this.dailyModelCalls = value;
            return this;
        }

        public Builder dailyModelTokens(Integer value) {
            this.dailyModelTokens = value;
            return this;
        }

        public TwinComputeProps build() {
            return new TwinComputeProps(this);
        }
    }
}
