package dev.twin.cdk;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import dev.twin.contract.StackOutputNames;
import dev.twin.contract.TwinNames;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * One twin in one environment: storage, secrets, IAM, compute, API, CDN and monitoring, with the
 * outputs that the Maven plugin reads ({@link StackOutputNames}).
 *
 * <p><b>The CORS cycle.</b> The distribution has the API as an origin, so the API (and the function
 * behind it) cannot name the distribution's generated domain without a dependency cycle. The site
 * never needs CORS: it calls {@code /api} on its own origin through CloudFront. So the one origin
 * allowed cross-origin is the custom domain when one is given (a plain string, no reference to the
 * distribution), and otherwise none at all: no CORS headers and no {@code *}. A cross-origin caller
 * can only reach a twin that has a custom domain.
 *
 * <p><b>Teardown.</b> prod and staging RETAIN buckets, key, secret and log groups; dev DESTROYs
 * them. There is no auto-delete custom resource; {@code twin:destroy} empties the buckets before
 * deleting the stack.
 */
public class DigitalTwinStack extends Stack {

    private final DigitalTwinStackProps props;
    private final TwinStorage storage;
    private final TwinSecrets secrets;
    private final TwinOriginLock originLock;
    private final TwinIam iam;
    private final TwinCompute compute;
    private final TwinApi api;
    private final TwinCdn cdn;
    private final TwinMonitoring monitoring;
    private final TwinOwnerNotices ownerNotices;

    /** Stack output: the owner's topic ARN. */
    public static final String OWNER_TOPIC_ARN_OUTPUT = StackOutputNames.OWNER_TOPIC_ARN;

    /**
     * Creates the stack with the id {@link DigitalTwinStackProps#getStackName()} (default {@link
     * TwinNames#stackName}).
     */
    public DigitalTwinStack(Construct scope, DigitalTwinStackProps props) {
        this(scope, props.getStackName(), props);
    }

    public DigitalTwinStack(Construct scope, String id, DigitalTwinStackProps props) {
        super(
                scope,
                id,
                StackProps.builder()
                        .env(props.getEnv())
                        .stackName(props.getStackName())
                        .description(props.getDescription())
                        .terminationProtection(props.getTerminationProtection())
                        .synthesizer(props.getSynthesizer())
                        .build());
        FeatureFlags.apply(this);
        this.props = props;
        var removal = SecureDefaults.removalPolicy(props.getEnvironment());
        var retention = SecureDefaults.logRetention(props.getEnvironment());
        boolean snapStart = props.getRegion().map(RegionSupport::snapStartSupported).orElse(true);
        boolean cloudFrontLogs =
                props.getRegion().map(RegionSupport::cloudFrontLogsSupported).orElse(true);
        warnAboutRegion(props, snapStart, cloudFrontLogs);

        this.storage =
                new TwinStorage(
                        this,
                        "Storage",
                        TwinStorageProps.builder()
                                .removalPolicy(removal)
                                .conversationExpiryDays(props.getConversationExpiryDays())
                                .leadExpiryDays(props.getLeadRetentionDays())
                                .build());
        this.secrets =
                new TwinSecrets(
                        this,
                        "Secrets",
                        TwinSecretsProps.builder()
                                .secretName(props.getApiKeySecretName())
                                .adoptExisting(props.isAdoptApiKeySecret())
                                .existingKeyArn(props.getApiKeySecretKeyArn())
                                .removalPolicy(removal)
                                .build());
        this.originLock =
                new TwinOriginLock(
                        this,
                        "OriginLock",
                        TwinOriginLockProps.builder()
                                .removalPolicy(removal)
                                .secretVersionId(props.getOriginSecretVersionId().orElse(null))
                                .build());
        boolean openai = props.getModelProvider() == ModelProvider.OPENAI;
        this.iam =
                new TwinIam(
                        this,
                        "Iam",
                        TwinIamProps.builder()
                                .memoryBucket(storage.getMemoryBucket())
                                // Only the openai provider reads the key; the others get no access
                                // to it at all.
                                .apiKeySecret(openai ? secrets.getApiKeySecret() : null)
                                .secretKey(openai ? secrets.getApiKeySecretKey() : null)
                                .originSecret(originLock.getSecret())
                                .bedrockModel(props.getBedrockModel().orElse(null))
                                .build());
        this.compute =
                new TwinCompute(
                        this,
                        "Compute",
                        TwinComputeProps.builder()
                                .lambdaJar(props.getLambdaJar())
                                .role(iam.getRole())
                                .twinName(props.getDisplayName())
                                .metricsName(props.getTwinName())
                                .maxConcurrency(props.getMaxConcurrency())
                                .snapStart(snapStart)
                                .memoryBucket(storage.getMemoryBucket())
                                .modelProvider(props.getModelProvider())
                                .modelId(props.getModelId())
                                .apiKeySecret(openai ? secrets.getApiKeySecret() : null)
                                .openAiBaseUrl(props.getOpenAiBaseUrl())
                                .originSecret(originLock.getSecret())
                                .allowedOrigin(props.getAllowedOrigin().orElse(null))
                                .dailyModelCalls(props.getDailyModelCalls())
                                .dailyModelTokens(props.getDailyModelTokens())
                                .logRetention(retention)
                                .removalPolicy(removal)
                                .build());
        iam.grantLogWrite(compute.getLogGroup());
        this.ownerNotices =
                new TwinOwnerNotices(
                        this,
                        "OwnerNotices",
                        TwinOwnerNoticesProps.builder()
                                .twinName(props.getDisplayName())
                                .ownerEmail(props.getOwnerEmail())
                                .removalPolicy(removal)
                                .build());
        ownerNotices.grantPublish(iam.getRole());
        compute.addEnvironment(RuntimeEnv.OWNER_TOPIC_ARN, ownerNotices.getTopic().getTopicArn());
        compute.addEnvironment(
                RuntimeEnv.OWNER_NOTIFY_PER_HOUR, Integer.toString(props.getOwnerNotifyPerHour()));
        this.api =
                new TwinApi(
                        this,
                        "Api",
                        TwinApiProps.builder()
                                .handler(compute.getAlias())
                                .allowedOrigins(
                                        props.getAllowedOrigin().map(List::of).orElse(List.of()))
                                .rateLimit(props.getApiRateLimit())
                                .burstLimit(props.getApiBurstLimit())
                                .accessLogRetention(retention)
                                .removalPolicy(removal)
                                .build());
        this.cdn =
                new TwinCdn(
                        this,
                        "Cdn",
                        TwinCdnProps.builder()
                                .frontendBucket(storage.getFrontendBucket())
                                .httpApi(api.getHttpApi())
                                .apiOriginHeaders(originLock.getOriginHeaders())
                                .streamFunction(compute.getAlias())
                                .domainName(props.getDomainName())
                                .certificateArn(props.getCertificateArn())
                                .logBucket(cloudFrontLogs ? storage.getAccessLogsBucket() : null)
                                .build());
        this.monitoring =
                new TwinMonitoring(
                        this,
                        "Monitoring",
                        TwinMonitoringProps.builder()
                                .function(compute.getFunction())
                                .httpApi(api.getHttpApi())
                                .twinName(props.getDisplayName())
                                .metricsName(props.getTwinName())
                                .alarmEmail(props.getAlarmEmail())
                                .topicKey(secrets.getKey())
                                .build());

        output(
                StackOutputNames.FRONTEND_BUCKET_NAME,
                storage.getFrontendBucket().getBucketName(),
                "Bucket of the site's files");
        output(
                StackOutputNames.MEMORY_BUCKET_NAME,
                storage.getMemoryBucket().getBucketName(),
                "Bucket of persona and conversations");
        output(
                StackOutputNames.API_ENDPOINT,
                api.getEndpoint(),
                "HTTP API endpoint (the site uses /api on its own origin)");
        output(
                StackOutputNames.CLOUDFRONT_DOMAIN,
                cdn.getDistribution().getDistributionDomainName(),
                "CloudFront domain name");
        output(
                StackOutputNames.DISTRIBUTION_ID,
                cdn.getDistribution().getDistributionId(),
                "CloudFront distribution id");
        output(
                StackOutputNames.LAMBDA_FUNCTION_NAME,
                compute.getFunction().getFunctionName(),
                "Chat function name");
        output(
                StackOutputNames.API_KEY_SECRET_ARN,
                secrets.getApiKeySecret().getSecretArn(),
                "LLM API-key secret ARN");
        output(
                StackOutputNames.OWNER_TOPIC_ARN,
                ownerNotices.getTopic().getTopicArn(),
                "Owner topic ARN (contacts and unknown questions)");
        output(
                StackOutputNames.LOG_GROUP_NAME,
                compute.getLogGroup().getLogGroupName(),
                "The chat function's log group (twin:logs reads it)");
        output(
                StackOutputNames.ORIGIN_SECRET_ARN,
                originLock.getSecret().getSecretArn(),
                "The origin lock's secret (twin:deploy pins the version CloudFront sends)");
        output(
                StackOutputNames.ALARM_TOPIC_ARN,
                monitoring.getAlarmTopic().getTopicArn(),
                "Alarm topic ARN");

        Tags.of(this).add(SecureDefaults.TAG_TWIN, props.getTwinName());
        Tags.of(this).add(SecureDefaults.TAG_ENVIRONMENT, props.getEnvironment().id());
        TwinNagAcknowledgments.apply(this);
    }

    /**
     * What the stack turns off in its region, or cannot check without one: warnings in the synth
     * output (never a failed CloudFormation create).
     */
    private void warnAboutRegion(
            DigitalTwinStackProps props, boolean snapStart, boolean cloudFrontLogs) {
        Annotations annotations = Annotations.of(this);
        String region = props.getRegion().orElse(null);
        if (region == null) {
            annotations.addWarningV2(
                    "twin:region-unknown",
                    "The stack's region is not known at synth (environment-agnostic): SnapStart,"
                            + " CloudFront logging and the default model ("
                            + props.getModelId()
                            + ") cannot be checked against it. Synthesize with a region"
                            + " (-Dtwin.region, AWS_REGION or the profile's region; context -c region=...).");
            return;
        }
        if (!snapStart) {
            annotations.addWarningV2(
                    "twin:snapstart-unavailable",
                    "Lambda SnapStart is not offered in "
                            + region
                            + ": the chat function runs without it (slower cold starts, every"
                            + " other setting unchanged).");
        }
        if (!cloudFrontLogs) {
            annotations.addWarningV2(
                    "twin:cloudfront-logs-unavailable",
                    "CloudFront standard logging does not deliver to buckets in "
                            + region
                            + " (an opt-in region): the distribution has no access logs; the"
                            + " HTTP API's access logs and S3 server access logs remain.");
        }
    }

    private void output(String name, String value, String description) {
        CfnOutput.Builder.create(this, name).value(value).description(description).build();
    }

    public DigitalTwinStackProps getProps() {
        return props;
    }

    public TwinStorage getStorage() {
        return storage;
    }

    public TwinSecrets getSecrets() {
        return secrets;
    }

    public TwinOriginLock getOriginLock() {
        return originLock;
    }

    public TwinIam getIam() {
        return iam;
    }

    public TwinCompute getCompute() {
        return compute;
    }

    public TwinApi getApi() {
        return api;
    }

    public TwinCdn getCdn() {
        return cdn;
    }

    public TwinOwnerNotices getOwnerNotices() {
        return ownerNotices;
    }

    public TwinMonitoring getMonitoring() {
        return monitoring;
    }
}
