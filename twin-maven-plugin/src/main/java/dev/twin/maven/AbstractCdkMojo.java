package dev.twin.maven;

import dev.twin.contract.CdkContextKeys;
import dev.twin.maven.cdk.CdkCli;
import dev.twin.maven.cdk.StackOperations;
import dev.twin.maven.cdk.StackSettings;
import dev.twin.maven.cdk.Synthesizer;
import dev.twin.maven.core.AwsClients;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Base of the goals that synthesize the stack and drive the CDK CLI (synth, deploy, diff, destroy,
 * bootstrap).
 */
public abstract class AbstractCdkMojo extends AbstractTwinMojo {

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

    /** Name of the LLM API-key secret; default: digital-twin-chat/&lt;env&gt;/llm-api-key. */
    @Parameter(property = "twin.apiKeySecretName")
    protected String apiKeySecretName;

    /** API stage throttle, requests per second per route; default 1 (docs/cost-guard.md). */
    @Parameter(property = TwinProperties.API_RATE_LIMIT)
    protected String apiRateLimit;

    /** API stage burst per route; default 5. */
    @Parameter(property = TwinProperties.API_BURST_LIMIT)
    protected String apiBurstLimit;

    /** Model calls per UTC day per Lambda execution environment, 0 = no cap; default 1000. */
    @Parameter(property = TwinProperties.DAILY_MODEL_CALLS)
    protected String dailyModelCalls;

    /** Model tokens per UTC day per Lambda execution environment, 0 = no cap; default 2000000. */
    @Parameter(property = TwinProperties.DAILY_MODEL_TOKENS)
    protected String dailyModelTokens;

    /** AWS account to pin the stack to; default: environment-agnostic (the credentials decide). */
    @Parameter(property = "twin.account")
    protected String account;

    /** Where the pinned CDK CLI is installed once; default ~/.cache/twin/aws-cdk. */
    @Parameter(property = TwinProperties.CDK_CACHE_DIR)
    protected File cdkCacheDir;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    protected CdkCli cdkCli() {
        Map<String, String> environment = new LinkedHashMap<>();
        if (profile != null && !profile.isBlank()) {
            environment.put("AWS_PROFILE", profile.strip());
        }
        if (region != null && !region.isBlank()) {
            environment.put("AWS_REGION", region.strip());
            environment.put("AWS_DEFAULT_REGION", region.strip());
        }
        Path cache = cdkCacheDir == null ? CdkCli.defaultCacheRoot() : cdkCacheDir.toPath();
        return new CdkCli(cache, environment, log());
    }

    protected StackOperations stackOperations(AwsClients clients) {
        return new StackOperations(cdkCli(), clients, paths(), stackName(), log());
    }

    protected StackSettings stackSettings(Path runtimeJar) {
        return new StackSettings(
                stackName(),
                runtimeJar,
                opt(region),
                opt(account),
                opt(modelProvider),
                opt(modelId),
                opt(openAiBaseUrl),
                opt(alarmEmail),
                opt(domainName),
                opt(certificateArn),
                opt(apiKeySecretName),
                opt(displayName),
                costGuard());
    }

    private Map<String, String> costGuard() {
        Map<String, String> values = new LinkedHashMap<>();
        opt(apiRateLimit).ifPresent(v -> values.put(CdkContextKeys.API_RATE_LIMIT, v));
        opt(apiBurstLimit).ifPresent(v -> values.put(CdkContextKeys.API_BURST_LIMIT, v));
        opt(dailyModelCalls).ifPresent(v -> values.put(CdkContextKeys.DAILY_MODEL_CALLS, v));
        opt(dailyModelTokens).ifPresent(v -> values.put(CdkContextKeys.DAILY_MODEL_TOKENS, v));
        return values;
    }

    /**
     * Synthesizes into target/cdk.out: the project's app class when configured, else
     * DigitalTwinStack.
     */
    protected Path synth() throws MojoExecutionException {
        Path cdkOut = paths().cdkOut();
        Synthesizer synthesizer = new Synthesizer(log());
        StackSettings settings = stackSettings(runtimeJar());
        if (appClass != null && !appClass.isBlank()) {
            return synthesizer.synthApp(appClass.strip(), projectClasspath(), settings, cdkOut);
        }
        return synthesizer.synthDefault(settings, cdkOut);
    }

    private List<Path> projectClasspath() throws MojoExecutionException {
        try {
            List<Path> classpath = new ArrayList<>();
            for (String element : project.getRuntimeClasspathElements()) {
                classpath.add(Path.of(element));
            }
            return classpath;
        } catch (org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException(
                    "Cannot resolve the project's classpath for " + appClass, e);
        }
    }

    private static Optional<String> opt(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
