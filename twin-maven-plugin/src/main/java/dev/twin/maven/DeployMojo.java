package dev.twin.maven;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.StackOutputNames;
import dev.twin.maven.check.ModelCheck;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.StackOutputs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Ships a twin in one command: synth, then the pinned CDK CLI deploys the stack (outputs to
 * target/twin/&lt;env&gt;/outputs.json), then uploads the persona, publishes the site and
 * invalidates the CDN — each step skippable.
 */
@Mojo(name = "deploy", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DeployMojo extends AbstractCdkMojo {

    /** Deploys the assembly already in target/cdk.out instead of synthesizing again. */
    @Parameter(property = TwinProperties.SKIP_SYNTH, defaultValue = "false")
    protected boolean skipSynth;

    /** Skips the persona upload after the stack. */
    @Parameter(property = TwinProperties.SKIP_PERSONA, defaultValue = "false")
    protected boolean skipPersona;

    /** Skips publishing the site after the stack. */
    @Parameter(property = TwinProperties.SKIP_PUBLISH, defaultValue = "false")
    protected boolean skipPublish;

    /** Skips the CloudFront invalidation after publishing. */
    @Parameter(property = TwinProperties.SKIP_INVALIDATE, defaultValue = "false")
    protected boolean skipInvalidate;

    /**
     * Skips the check after the deploy that asks the deployed twin one short question, failing with
     * what to do when its model refuses it (Bedrock model access not enabled in the region, a
     * refused API key).
     */
    @Parameter(property = TwinProperties.SKIP_MODEL_CHECK, defaultValue = "false")
    protected boolean skipModelCheck;

    @Override
    protected void run() throws MojoExecutionException {
        stackName();
        AwsClients clients = awsClients();
        // Credentials first: without them nothing below can succeed, and synth alone takes a while.
        clients.requireCredentials();
        Path cdkOut = skipSynth ? paths().cdkOut() : synth();
        StackOutputs outputs = stackOperations(clients).deploy(cdkOut);
        if (!skipPersona) {
            uploadPersona(clients, outputs);
        }
        if (!skipPublish) {
            publishSite(clients, outputs);
        }
        if (!skipInvalidate && !skipPublish && !dryRun) {
            invalidate(clients, outputs);
        }
        outputs.get(StackOutputNames.CLOUDFRONT_DOMAIN)
                .ifPresent(d -> getLog().info("Your twin: https://" + d));
        String provider =
                modelProvider == null || modelProvider.isBlank()
                        ? ModelProvider.BEDROCK.id()
                        : modelProvider.strip();
        if (!skipModelCheck && !dryRun && !ModelProvider.OFFLINE.id().equals(provider)) {
            outputs.get(StackOutputNames.API_ENDPOINT)
                    .ifPresent(
                            api ->
                                    new ModelCheck(log(), Duration.ofSeconds(60))
                                            .check(
                                                    URI.create(api),
                                                    provider,
                                                    modelId,
                                                    TwinProperties.SKIP_MODEL_CHECK));
        }
    }

    @Override
    protected String goal() {
        return "deploy";
    }
}
