package dev.twin.cdk;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.TwinEnvironment;
import dev.twin.contract.TwinNames;
import dev.twin.contract.UnknownEnvironmentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.IStackSynthesizer;
import software.amazon.awscdk.Token;

/**
 * Props of {@link DigitalTwinStack}, validated as a whole by {@link Builder#build()}: every problem
 * is reported in one {@link InvalidTwinPropsException}, each with the bad value and the fix.
 *
 * <p>Required: {@code twinName}, {@code environment}, {@code lambdaJar}. Everything else has a
 * default.
 */
public final class DigitalTwinStackProps {

    /** Default Bedrock model: Nova Lite through the US cross-region inference profile. */
    public static final String DEFAULT_MODEL_ID = "us.amazon.nova-lite-v1:0";

    /** Default model for the openai provider. */
    public static final String DEFAULT_OPENAI_MODEL_ID = "gpt-4o-mini";

    /** Default model id for the offline provider (ignored by the runtime). */
    public static final String DEFAULT_OFFLINE_MODEL_ID = "offline";

    /**
     * Default API-key secret name: unique per twin and environment, so a second twin in the same
     * account does not collide. {@code {twin}} is replaced by the twinName, {@code {env}} by the
     * environment id (in an explicit {@code apiKeySecretName} too).
     */
    public static final String DEFAULT_API_KEY_SECRET_NAME =
            "digital-twin-chat/{twin}/{env}/llm-api-key";

    /**
     * The seed's secret name (one per environment, shared by every twin of the account); still
     * available as an explicit {@code apiKeySecretName}.
     */
    public static final String SEED_API_KEY_SECRET_NAME = "digital-twin-chat/{env}/llm-api-key";

    private static final Pattern OPENAI_MODEL =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    private final String twinName;
    private final String displayName;
    private final TwinEnvironment environment;
    private final ModelProvider modelProvider;
    private final String modelId;
    private final String openAiBaseUrl;
    private final String alarmEmail;
    private final String domainName;
    private final String certificateArn;
    private final Path lambdaJar;
    private final String apiKeySecretName;
    private final Integer conversationExpiryDays;
    private final String ownerEmail;
    private final Integer leadRetentionDays;
    private final Integer ownerNotifyPerHour;
    private final String originSecretVersionId;
    private final Environment env;
    private final String stackName;
    private final String description;
    private final Boolean terminationProtection;
    private final IStackSynthesizer synthesizer;
    private final Integer apiRateLimit;
    private final Integer apiBurstLimit;
    private final Integer dailyModelCalls;
    private final Integer dailyModelTokens;
    private final Integer maxConcurrency;
    private final boolean adoptApiKeySecret;
    private final String apiKeySecretKeyArn;
    private final boolean regionKnown;

    private DigitalTwinStackProps(Builder b, TwinEnvironment environment, ModelProvider provider) {
        this.twinName = b.twinName;
        this.displayName =
                b.displayName != null && !b.displayName.isBlank()
                        ? b.displayName.strip()
                        : b.twinName;
        this.environment = environment;
        this.modelProvider = provider;
        this.modelId = b.modelId != null ? b.modelId : defaultModelId(provider, b.env);
        this.openAiBaseUrl = b.openAiBaseUrl;
        this.alarmEmail = b.alarmEmail;
        this.domainName = b.domainName;
        this.certificateArn = b.certificateArn;
        this.lambdaJar = b.lambdaJar;
        this.apiKeySecretName = secretName(b.apiKeySecretName, b.twinName, environment);
        this.maxConcurrency = b.maxConcurrency;
        this.adoptApiKeySecret = Boolean.TRUE.equals(b.adoptApiKeySecret);
        this.apiKeySecretKeyArn = b.apiKeySecretKeyArn;
        this.regionKnown = knownRegion(b.env) != null;
        this.conversationExpiryDays = b.conversationExpiryDays;
        this.ownerEmail = b.ownerEmail;
        this.leadRetentionDays = b.leadRetentionDays;
        this.ownerNotifyPerHour = b.ownerNotifyPerHour;
        this.originSecretVersionId = b.originSecretVersionId;
        this.env = b.env;
        this.stackName =
                b.stackName != null ? b.stackName : TwinNames.stackName(b.twinName, environment);
        this.description =
                b.description != null
                        ? b.description
                        : "twin "
                                + b.twinName
                                + " ("
                                + environment.id()
                                + "): digital twin chat site";
        this.terminationProtection =
                b.terminationProtection != null
                        ? b.terminationProtection
                        : environment == TwinEnvironment.PROD;
        this.synthesizer = b.synthesizer;
        this.apiRateLimit = b.apiRateLimit;
        this.apiBurstLimit = b.apiBurstLimit;
        this.dailyModelCalls = b.dailyModelCalls;
        this.dailyModelTokens = b.dailyModelTokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The twin's name: lowercase letters, digits and dashes, starting with a letter, at most 24
     * characters.
     */
    public String getTwinName() {
        return twinName;
    }

    /**
     * The name visitors see and the model speaks as ({@code TWIN_NAME}, also the runtime's {@code
     * TwinName} metric dimension); any letters, spaces and apostrophes. @default the {@code
     * twinName}
     */
    public String getDisplayName() {
        return displayName;
    }

    /** dev, staging or prod. prod and staging RETAIN data on stack deletion; dev DESTROYs it. */
    public TwinEnvironment getEnvironment() {
        return environment;
    }

    /** Model backend. @default {@link ModelProvider#BEDROCK} */
    public ModelProvider getModelProvider() {
        return modelProvider;
    }

    /**
     * Model or inference-profile id.
     *
     * @default Nova Lite through the inference profile of the region's geography for bedrock
     *     ({@code us.}, {@code eu.} or {@code apac.}; a known region outside them is refused with
     *     the fix; {@value #DEFAULT_MODEL_ID} for an environment-agnostic stack), {@value
     *     #DEFAULT_OPENAI_MODEL_ID} for openai, {@value #DEFAULT_OFFLINE_MODEL_ID} for offline
     */
    public String getModelId() {
        return modelId;
    }

    /** The parsed Bedrock model when the provider is bedrock. */
    public Optional<BedrockModelId> getBedrockModel() {
        return modelProvider == ModelProvider.BEDROCK
                ? BedrockModelId.parse(modelId)
                : Optional.empty();
    }

    /**
     * Base URL of the OpenAI-compatible endpoint (https). @default the runtime's default
     * (api.openai.com)
     */
    public String getOpenAiBaseUrl() {
        return openAiBaseUrl;
    }

    /** Address subscribed to the alarm topic. @default no subscription */
    public String getAlarmEmail() {
        return alarmEmail;
    }

    /**
     * Custom domain of the site; goes with {@link #getCertificateArn()}. @default CloudFront's
     * domain
     */
    public String getDomainName() {
        return domainName;
    }

    /** ACM certificate (us-east-1) for {@link #getDomainName()}. @default none */
    public String getCertificateArn() {
        return certificateArn;
    }

    /** The runtime's shaded Lambda jar. Required. */
    public Path getLambdaJar() {
        return lambdaJar;
    }

    /**
     * Name of the LLM API-key secret, {@code {twin}} and {@code {env}} replaced. The seed's name
     * ({@value #SEED_API_KEY_SECRET_NAME}) is an explicit setting. @default {@value
     * #DEFAULT_API_KEY_SECRET_NAME}
     */
    public String getApiKeySecretName() {
        return apiKeySecretName;
    }

    /**
     * Whether the stack adopts an existing secret named {@link #getApiKeySecretName()} (a secret
     * retained from an earlier deploy of this twin) instead of creating it. @default false
     */
    public boolean isAdoptApiKeySecret() {
        return adoptApiKeySecret;
    }

    /**
     * ARN of the KMS key encrypting the adopted secret (its {@code KmsKeyId}); needed with the
     * openai provider when that key is a customer-managed one, so the function may decrypt it.
     *
     * @default unset (the secret uses Secrets Manager's AWS-managed key)
     */
    public String getApiKeySecretKeyArn() {
        return apiKeySecretKeyArn;
    }

    /**
     * Reserved concurrency of the chat function (see {@link TwinComputeProps#getMaxConcurrency()}).
     *
     * @default unset
     */
    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    /** Whether the stack's region is known at synth (not an environment-agnostic stack). */
    public boolean isRegionKnown() {
        return regionKnown;
    }

    /** The stack's region when known at synth. */
    public Optional<String> getRegion() {
        return Optional.ofNullable(knownRegion(env));
    }

    /**
     * Days after which conversations expire, every stored version included ({@code
     * twin.conversationRetentionDays}). @default 90
     */
    public Integer getConversationExpiryDays() {
        return conversationExpiryDays != null
                ? conversationExpiryDays
                : SecureDefaults.CONVERSATION_RETENTION_DAYS;
    }

    /**
     * Where contacts and unknown questions are e-mailed (the owner's topic; {@code
     * twin.ownerEmail}). @default null: no subscription
     */
    public String getOwnerEmail() {
        return ownerEmail;
    }

    /**
     * Days contacts and unknown questions are kept ({@code twin.leadRetentionDays}). @default 365
     */
    public int getLeadRetentionDays() {
        return leadRetentionDays != null ? leadRetentionDays : SecureDefaults.LEAD_RETENTION_DAYS;
    }

    /**
     * The origin-lock secret's version CloudFront sends ({@link
     * TwinOriginLockProps#getSecretVersionId()}); twin:deploy passes the current one. @default none
     */
    public Optional<String> getOriginSecretVersionId() {
        return Optional.ofNullable(originSecretVersionId);
    }

    /** Owner notifications per hour per function instance. @default 20 */
    public int getOwnerNotifyPerHour() {
        return ownerNotifyPerHour != null
                ? ownerNotifyPerHour
                : SecureDefaults.OWNER_NOTIFY_PER_HOUR;
    }

    /**
     * API steady-state rate limit, requests per second per route (docs/cost-guard.md). @default
     * 1,000
     */
    public Integer getApiRateLimit() {
        return apiRateLimit;
    }

    /** API burst limit, requests per route. @default 2,000 */
    public Integer getApiBurstLimit() {
        return apiBurstLimit;
    }

    /**
     * Model calls per UTC day per execution environment; 0 = no cap. @default unset (runtime
     * default 1000)
     */
    public Integer getDailyModelCalls() {
        return dailyModelCalls;
    }

    /**
     * Model tokens per UTC day per execution environment; 0 = no cap. @default unset (runtime
     * default 2000000)
     */
    public Integer getDailyModelTokens() {
        return dailyModelTokens;
    }

    /** Account and region. @default environment-agnostic (the CLI's credentials decide) */
    public Environment getEnv() {
        return env;
    }

    /** CloudFormation stack name. @default {@code twin-<twinName>-<environment>} */
    public String getStackName() {
        return stackName;
    }

    /** Stack description. @default names the twin and environment */
    public String getDescription() {
        return description;
    }

    /** Termination protection. @default true for prod, false otherwise */
    public Boolean getTerminationProtection() {
        return terminationProtection;
    }

    /** Stack synthesizer. @default the CDK default (bootstrapped) synthesizer */
    public IStackSynthesizer getSynthesizer() {
        return synthesizer;
    }

    /**
     * The origin allowed to call the API directly: the custom domain when given, else none (see
     * DigitalTwinStack).
     */
    public Optional<String> getAllowedOrigin() {
        return Optional.ofNullable(domainName).map(d -> "https://" + d);
    }

    private static String knownRegion(Environment env) {
        if (env == null || env.getRegion() == null || Token.isUnresolved(env.getRegion())) {
            return null;
        }
        return env.getRegion();
    }

    private static String secretName(String configured, String twinName, TwinEnvironment env) {
        String name = configured != null ? configured : DEFAULT_API_KEY_SECRET_NAME;
        return name.replace("{twin}", twinName).replace("{env}", env.id());
    }

    private static String defaultModelId(ModelProvider provider, Environment env) {
        return switch (provider) {
            case OPENAI -> DEFAULT_OPENAI_MODEL_ID;
            case OFFLINE -> DEFAULT_OFFLINE_MODEL_ID;
            case BEDROCK -> {
                String region = knownRegion(env);
                // Environment-agnostic: the US profile, with a synth warning (DigitalTwinStack).
                // A known region without a profile was refused by build().
                yield region == null
                        ? DEFAULT_MODEL_ID
                        : RegionSupport.defaultBedrockModel(region).orElseThrow();
            }
        };
    }

    /** Builder of {@link DigitalTwinStackProps}. */
    public static final class Builder {
        private String twinName;
        private String displayName;
        private String environment;
        private String modelProvider;
        private String modelId;
        private String openAiBaseUrl;
        private String alarmEmail;
        private String domainName;
        private String certificateArn;
        private Path lambdaJar;
        private String apiKeySecretName;
        private Integer conversationExpiryDays;
        private String ownerEmail;
        private Integer leadRetentionDays;
        private Integer ownerNotifyPerHour;
        private String originSecretVersionId;
        private Integer apiRateLimit;
        private Integer apiBurstLimit;
        private Integer dailyModelCalls;
        private Integer dailyModelTokens;
        private Integer maxConcurrency;
        private Boolean adoptApiKeySecret;
        private String apiKeySecretKeyArn;
        private Environment env;
        private String stackName;
        private String description;
        private Boolean terminationProtection;
        private IStackSynthesizer synthesizer;

        /**
         * Required: lowercase letters, digits and dashes, starting with a letter, at most 24
         * characters.
         */
        public Builder displayName(String value) {
            this.displayName = value;
            return this;
        }

        public Builder twinName(String value) {
            this.twinName = value;
            return this;
        }

        /** Required: {@code dev}, {@code staging} or {@code prod}. */
        public Builder environment(String value) {
            this.environment = value;
            return this;
        }

        public Builder environment(TwinEnvironment value) {
            this.environment = value == null ? null : value.id();
            return this;
        }

        /** {@code bedrock} (default), {@code openai} or {@code offline}. */
        public Builder modelProvider(String value) {
            this.modelProvider = value;
            return this;
        }

        public Builder modelProvider(ModelProvider value) {
            this.modelProvider = value == null ? null : value.id();
            return this;
        }

        public Builder modelId(String value) {
            this.modelId = value;
            return this;
        }

        public Builder openAiBaseUrl(String value) {
            this.openAiBaseUrl = value;
            return this;
        }

        public Builder alarmEmail(String value) {
            this.alarmEmail = value;
            return this;
        }

        public Builder domainName(String value) {
            this.domainName = value;
            return this;
        }

        public Builder certificateArn(String value) {
            this.certificateArn = value;
            return this;
        }

        /** Required: the runtime's shaded jar ({@code twin-runtime-<version>-lambda.jar}). */
        public Builder lambdaJar(Path value) {
            this.lambdaJar = value;
            return this;
        }

        public Builder apiKeySecretName(String value) {
            this.apiKeySecretName = value;
            return this;
        }

        public Builder conversationExpiryDays(Integer value) {
            this.conversationExpiryDays = value;
            return this;
        }

        public Builder ownerEmail(String value) {
            this.ownerEmail = value;
            return this;
        }

        public Builder leadRetentionDays(Integer value) {
            this.leadRetentionDays = value;
            return this;
        }

        public Builder ownerNotifyPerHour(Integer value) {
            this.ownerNotifyPerHour = value;
            return this;
        }

        public Builder originSecretVersionId(String value) {
            this.originSecretVersionId = value;
            return this;
        }

        public Builder env(Environment value) {
            this.env = value;
            return this;
        }

        public Builder stackName(String value) {
            this.stackName = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder terminationProtection(Boolean value) {
            this.terminationProtection = value;
            return this;
        }

        public Builder synthesizer(IStackSynthesizer value) {
            this.synthesizer = value;
            return this;
        }

        /** Validates everything and reports every problem at once. */
        public Builder apiRateLimit(Integer value) {
            this.apiRateLimit = value;
            return this;
        }

        public Builder apiBurstLimit(Integer value) {
            this.apiBurstLimit = value;
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

        /** Reserved concurrency of the chat function; unset by default (see the getter). */
        public Builder maxConcurrency(Integer value) {
            this.maxConcurrency = value;
            return this;
        }

        /** Use the existing secret named {@code apiKeySecretName} instead of creating one. */
        public Builder adoptApiKeySecret(Boolean value) {
            this.adoptApiKeySecret = value;
            return this;
        }

        /** KMS key ARN of the adopted secret (openai provider with a customer-managed key). */
        public Builder apiKeySecretKeyArn(String value) {
            this.apiKeySecretKeyArn = value;
            return this;
        }

        public DigitalTwinStackProps build() {
            Problems problems = new Problems();
            if (twinName == null || twinName.isBlank()) {
                problems.add(
                        "twinName is missing: set a name such as jane-doe (context -c twinName=jane-doe)");
            } else {
                problems.check(
                        TwinNames.isValidTwinName(twinName),
                        "twinName '"
                                + twinName
                                + "' is not valid in resource names: use 1-24 lowercase letters,"
                                + " digits and single dashes, starting with a letter and not ending with a dash"
                                + " (e.g. jane-doe)");
            }
            if (displayName != null) {
                problems.check(
                        displayName.strip().length() <= 64
                                && displayName.codePoints().noneMatch(Character::isISOControl),
                        "displayName '"
                                + displayName
                                + "' must be at most 64 characters without control characters"
                                + " (e.g. Zoë O'Brien)");
            }
            Optional<TwinEnvironment> parsedEnv = Optional.empty();
            if (environment == null) {
                problems.add(
                        "environment is missing: set one of "
                                + TwinEnvironment.allowed()
                                + " (context -c env=dev)");
            } else {
                try {
                    parsedEnv = Optional.of(TwinEnvironment.parse(environment));
                } catch (UnknownEnvironmentException e) {
                    problems.add(e.getMessage() + " (context -c env=dev)");
                }
            }
            Optional<ModelProvider> parsedProvider =
                    modelProvider == null
                            ? Optional.of(ModelProvider.BEDROCK)
                            : ModelProvider.find(modelProvider);
            problems.check(
                    parsedProvider.isPresent(),
                    "modelProvider '"
                            + modelProvider
                            + "' is unknown: use one of "
                            + ModelProvider.allowed());
            if (parsedProvider.isPresent()) {
                validateModel(parsedProvider.get(), problems);
                problems.check(
                        openAiBaseUrl == null || parsedProvider.get() == ModelProvider.OPENAI,
                        "openAiBaseUrl is set but modelProvider is "
                                + parsedProvider.get().id()
                                + ": set modelProvider openai or drop openAiBaseUrl");
            }
            problems.check(
                    openAiBaseUrl == null || openAiBaseUrl.matches("https://[^\\s/]+(/\\S*)?"),
                    "openAiBaseUrl '"
                            + openAiBaseUrl
                            + "' must be an https:// URL (the API key must never travel in clear)");
            TwinMonitoringProps.validateEmail(alarmEmail, problems);
            TwinCdnProps.validateDomain(domainName, certificateArn, problems);
            if (lambdaJar == null) {
                problems.add(
                        "lambdaJar is missing: set it to the runtime's shaded jar"
                                + " (twin-runtime/target/twin-runtime-<version>-lambda.jar; context -c runtimeJar=<path>)");
            } else if (!Files.isRegularFile(lambdaJar)) {
                problems.add(
                        "lambdaJar "
                                + lambdaJar.toAbsolutePath()
                                + " does not exist or is not a file: build"
                                + " twin-runtime first (mvn -pl twin-runtime package) or point it at the -lambda.jar");
            }
            if (apiKeySecretName != null && twinName != null && parsedEnv.isPresent()) {
                TwinSecretsProps.validateSecretName(
                        secretName(apiKeySecretName, twinName, parsedEnv.get()), problems);
            }
            problems.check(
                    conversationExpiryDays == null || conversationExpiryDays >= 1,
                    "conversationExpiryDays "
                            + conversationExpiryDays
                            + " must be at least 1 (default 90)");
            problems.check(
                    ownerEmail == null || TwinMonitoringProps.isEmail(ownerEmail),
                    "ownerEmail '"
                            + ownerEmail
                            + "' is not an e-mail address such as me@example.com");
            problems.check(
                    leadRetentionDays == null || leadRetentionDays >= 1,
                    "leadRetentionDays " + leadRetentionDays + " must be at least 1 (default 365)");
            problems.check(
                    ownerNotifyPerHour == null
                            || (ownerNotifyPerHour >= 0 && ownerNotifyPerHour <= 10_000),
                    "ownerNotifyPerHour "
                            + ownerNotifyPerHour
                            + " must be from 0 (send none) to 10000 (default 20)");
            problems.check(
                    apiRateLimit == null || apiRateLimit >= 1,
                    "apiRateLimit " + apiRateLimit + " must be at least 1 request per second");
            problems.check(
                    apiBurstLimit == null || apiBurstLimit >= 1,
                    "apiBurstLimit " + apiBurstLimit + " must be at least 1 request");
            TwinComputeProps.validateDailyBudget(dailyModelCalls, dailyModelTokens, problems);
            TwinComputeProps.validateMaxConcurrency(maxConcurrency, problems);
            String region = knownRegion(env);
            if (region != null
                    && modelId == null
                    && parsedProvider.orElse(null) == ModelProvider.BEDROCK) {
                problems.check(
                        RegionSupport.defaultBedrockModel(region).isPresent(),
                        RegionSupport.noDefaultModel(region));
            }
            problems.check(
                    apiKeySecretKeyArn == null
                            || apiKeySecretKeyArn.matches(
                                    "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+"),
                    "apiKeySecretKeyArn '"
                            + apiKeySecretKeyArn
                            + "' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); read it with"
                            + " aws secretsmanager describe-secret --secret-id <name> --query KmsKeyId");
            problems.check(
                    apiKeySecretKeyArn == null || Boolean.TRUE.equals(adoptApiKeySecret),
                    "apiKeySecretKeyArn is set but adoptApiKeySecret is not: the key only matters for an"
                            + " adopted secret (-c adoptApiKeySecret=true)");
            problems.throwIfAny();
            return new DigitalTwinStackProps(this, parsedEnv.get(), parsedProvider.get());
        }

        private void validateModel(ModelProvider provider, Problems problems) {
            if (modelId == null) {
                return;
            }
            switch (provider) {
                case BEDROCK -> {
                    Optional<BedrockModelId> model = BedrockModelId.parse(modelId);
                    if (model.isEmpty()) {
                        problems.add(BedrockModelId.problem(modelId));
                        return;
                    }
                    String region = knownRegion(env);
                    List<String> regions = model.get().profileRegions();
                    problems.check(
                            region == null || regions.isEmpty() || regions.contains(region),
                            "modelId '"
                                    + modelId
                                    + "' is an inference profile of "
                                    + model.get().geography().orElse("")
                                    + " regions ("
                                    + String.join(", ", regions)
                                    + "), but the stack's region is "
                                    + region
                                    + ": use the profile of the region's geography, or a model id without prefix");
                }
                case OPENAI ->
                        problems.check(
                                OPENAI_MODEL.matcher(modelId).matches(),
                                "modelId '"
                                        + modelId
                                        + "' is not a model name such as gpt-4o-mini"
                                        + " (letters, digits and . _ : / -, at most 128 characters)");
                case OFFLINE ->
                        problems.check(
                                !modelId.isBlank(),
                                "modelId is blank: drop it or name the offline model");
            }
        }
    }
}
