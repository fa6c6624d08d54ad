package dev.twin.maven;

import dev.twin.contract.CdkContextKeys;
import dev.twin.maven.cdk.StackSettings;
import dev.twin.maven.cdk.Synthesizer;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.OriginSecretVersion;
import dev.twin.maven.core.StackOutputsSource;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Base of the goals that synthesize the stack: its configuration, and the region and account the
 * synth targets, resolved as the AWS CLI resolves them.
 */
public abstract class AbstractSynthMojo extends AbstractAwsMojo {

    /**
     * The project's own CDK app class (its main() synthesizes to CDK_OUTDIR, e.g. with
     * dev.twin.cdk.TwinApp); default: the plugin's DigitalTwinStack.
     */
    @Parameter(property = TwinProperties.APP_CLASS)
    protected String appClass;

    /** Model backend of the deployed twin: bedrock, openai or offline. Default: bedrock. */
    @Parameter(property = TwinProperties.MODEL_PROVIDER)
    protected String modelProvider;

    /** Model id (a Bedrock model or inference profile, or an OpenAI-compatible model name). */
    @Parameter(property = TwinProperties.MODEL_ID)
    protected String modelId;

    /** Base URL of the OpenAI-compatible endpoint (https). */
    @Parameter(property = TwinProperties.OPENAI_BASE_URL)
    protected String openAiBaseUrl;

    /** Address subscribed to the alarm topic. */
    @Parameter(property = TwinProperties.ALARM_EMAIL)
    protected String alarmEmail;

    /** Custom domain of the site (needs certificateArn). */
    @Parameter(property = TwinProperties.DOMAIN_NAME)
    protected String domainName;

    /** ACM certificate ARN (us-east-1) for the custom domain. */
    @Parameter(property = TwinProperties.CERTIFICATE_ARN)
    protected String certificateArn;

    /**
     * Name of the LLM API-key secret; default: digital-twin-chat/{twin}/{env}/llm-api-key (the
     * seed's digital-twin-chat/{env}/llm-api-key on request).
     */
    @Parameter(property = TwinProperties.API_KEY_SECRET_NAME)
    protected String apiKeySecretName;

    /**
     * true: use the secret of that name retained by an earlier deploy of this twin instead of
     * creating it (docs/deploy-checklist.md).
     */
    @Parameter(property = TwinProperties.ADOPT_API_KEY_SECRET)
    protected String adoptApiKeySecret;

    /** KMS key ARN of the adopted secret (openai provider, customer-managed key). */
    @Parameter(property = TwinProperties.API_KEY_SECRET_KEY_ARN)
    protected String apiKeySecretKeyArn;

    /** Reserved concurrency of the chat function; default unset (docs/cost-guard.md). */
    @Parameter(property = TwinProperties.MAX_CONCURRENCY)
    protected String maxConcurrency;

    /** Name shown on the page and in the stack (config.json twinName); default: the twin name. */
    @Parameter(property = TwinProperties.DISPLAY_NAME)
    protected String displayName;

    /** API stage throttle, requests per second per route; default 1,000 (docs/cost-guard.md). */
    @Parameter(property = TwinProperties.API_RATE_LIMIT)
    protected String apiRateLimit;

    /** API stage burst per route; default 2,000. */
    @Parameter(property = TwinProperties.API_BURST_LIMIT)
    protected String apiBurstLimit;

    /** Model calls per UTC day per Lambda execution environment, 0 = no cap; default 1000. */
    @Parameter(property = TwinProperties.DAILY_MODEL_CALLS)
    protected String dailyModelCalls;

    /** Model tokens per UTC day per Lambda execution environment, 0 = no cap; default 2000000. */
    @Parameter(property = TwinProperties.DAILY_MODEL_TOKENS)
    protected String dailyModelTokens;

    /** E-mail address subscribed to the owner's topic (contacts, unknown questions). */
    @Parameter(property = TwinProperties.OWNER_EMAIL)
    protected String ownerEmail;

    /** Days conversations are kept, every version included (default 90). */
    @Parameter(property = TwinProperties.CONVERSATION_RETENTION_DAYS)
    protected String conversationRetentionDays;

    /** Days contacts and unknown questions are kept (default 365). */
    @Parameter(property = TwinProperties.LEAD_RETENTION_DAYS)
    protected String leadRetentionDays;

    /** Owner notifications per hour per function instance (default 20). */
    @Parameter(property = TwinProperties.OWNER_NOTIFY_PER_HOUR)
    protected String ownerNotifyPerHour;

    /**
     * AWS account to pin the stack to; default: the credentials' account (sts:GetCallerIdentity),
     * else environment-agnostic.
     */
    @Parameter(property = TwinProperties.ACCOUNT)
    protected String account;

    /**
     * The runtime's jar (Lambda code); default: dev.twin:twin-runtime:jar:lambda of this plugin's
     * version.
     */
    @Parameter(property = TwinProperties.LAMBDA_JAR)
    protected File lambdaJar;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    protected StackSettings stackSettings(Path runtimeJar) {
        AwsClients clients = awsClients();
        Optional<String> resolvedRegion = clients.region().map(r -> r.id());
        // The account only pins a stack that has a region; without one, no credentials are looked
        // up.
        Optional<String> resolvedAccount =
                opt(account).or(() -> resolvedRegion.flatMap(r -> clients.account(log())));
        resolvedRegion.ifPresentOrElse(
                r -> getLog().info("Synthesizing for region " + r),
                () ->
                        getLog().info(
                                        "No AWS region found (-D"
                                                + TwinProperties.REGION
                                                + ", AWS_REGION, the profile's region):"
                                                + " synthesizing a region-agnostic stack"));
        return new StackSettings(
                stackName(),
                runtimeJar,
                resolvedRegion,
                resolvedAccount,
                opt(modelProvider),
                opt(modelId),
                opt(openAiBaseUrl),
                opt(alarmEmail),
                opt(domainName),
                opt(certificateArn),
                opt(apiKeySecretName),
                opt(displayName),
                context());
    }

    /**
     * The context values beyond the stack's shape: the cost guard's, then {@link #deployed()}'s.
     */
    private Map<String, String> context() {
        Map<String, String> values = costGuard();
        values.putAll(deployed());
        return values;
    }

    /**
     * Context that only the deployed stack can tell (goals that talk to it override this): the
     * origin lock secret's current version, pinned in the header CloudFront sends.
     */
    protected Map<String, String> deployed() {
        return Map.of();
    }

    /** {@link #deployed()} for the goals that deploy or compare with the deployed stack. */
    protected final Map<String, String> originSecretVersion() {
        return new OriginSecretVersion(
                        new StackOutputsSource(
                                paths(), stackName(), awsClients()::cloudFormation, log()),
                        awsClients()::secretsManager,
                        log())
                .current()
                .map(v -> Map.of(CdkContextKeys.ORIGIN_SECRET_VERSION, v))
                .orElse(Map.of());
    }

    private Map<String, String> costGuard() {
        Map<String, String> values = new LinkedHashMap<>();
        opt(apiRateLimit).ifPresent(v -> values.put(CdkContextKeys.API_RATE_LIMIT, v));
        opt(apiBurstLimit).ifPresent(v -> values.put(CdkContextKeys.API_BURST_LIMIT, v));
        opt(dailyModelCalls).ifPresent(v -> values.put(CdkContextKeys.DAILY_MODEL_CALLS, v));
        opt(dailyModelTokens).ifPresent(v -> values.put(CdkContextKeys.DAILY_MODEL_TOKENS, v));
        opt(maxConcurrency).ifPresent(v -> values.put(CdkContextKeys.MAX_CONCURRENCY, v));
        opt(adoptApiKeySecret).ifPresent(v -> values.put(CdkContextKeys.ADOPT_API_KEY_SECRET, v));
        opt(apiKeySecretKeyArn)
                .ifPresent(v -> values.put(CdkContextKeys.API_KEY_SECRET_KEY_ARN, v));
        opt(ownerEmail).ifPresent(v -> values.put(CdkContextKeys.OWNER_EMAIL, v));
        opt(conversationRetentionDays)
                .ifPresent(v -> values.put(CdkContextKeys.CONVERSATION_EXPIRY_DAYS, v));
        opt(leadRetentionDays).ifPresent(v -> values.put(CdkContextKeys.LEAD_RETENTION_DAYS, v));
        opt(ownerNotifyPerHour).ifPresent(v -> values.put(CdkContextKeys.OWNER_NOTIFY_PER_HOUR, v));
        return values;
    }

    /**
     * Synthesizes into target/cdk.out: the project's app class when configured, else
     * DigitalTwinStack.
     */
    protected Path synth() throws MojoExecutionException, MojoFailureException {
        return synthesis().get();
    }

    /**
     * The synth as a step for a workflow: what only Maven can answer (the runtime jar, the
     * project's classpath) is resolved now, the synth itself runs when the step is called.
     */
    protected Supplier<Path> synthesis() throws MojoExecutionException, MojoFailureException {
        Path cdkOut = paths().cdkOut();
        Path runtimeJar = runtimeJar(lambdaJar);
        boolean ownApp = appClass != null && !appClass.isBlank();
        List<Path> classpath = ownApp ? projectClasspath() : List.of();
        Synthesizer synthesizer = new Synthesizer(log());
        return () -> {
            StackSettings settings = stackSettings(runtimeJar);
            return ownApp
                    ? synthesizer.synthApp(appClass.strip(), classpath, settings, cdkOut)
                    : synthesizer.synthDefault(settings, cdkOut);
        };
    }

    private List<Path> projectClasspath() throws MojoExecutionException {
        try {
            List<Path> classpath = new ArrayList<>();
            for (String element : project.getRuntimeClasspathElements()) {
                classpath.add(Path.of(element));
            }
            return classpath;
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException(
                    "Cannot resolve the project's classpath for " + appClass, e);
        }
    }

    protected static Optional<String> opt(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
