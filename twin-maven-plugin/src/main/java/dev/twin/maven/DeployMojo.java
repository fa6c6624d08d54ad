package dev.twin.maven;

import dev.twin.maven.cdk.Approval;
import dev.twin.maven.workflow.DeployPlan;
import dev.twin.maven.workflow.DeployWorkflow;
import dev.twin.maven.workflow.ShipSettings;
import dev.twin.maven.workflow.Shipping;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Ships a twin in one command: synth, then the CDK CLI deploys the stack (outputs to
 * target/twin/&lt;env&gt;/outputs.json), then uploads the persona, publishes the site, invalidates
 * the CDN and checks the model answers — each step skippable.
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

    /**
     * The CDK CLI's --require-approval: {@code never} or {@code broadening}; default: broadening
     * for prod with a terminal, never in batch mode (-B, CI=true) and for dev and staging.
     */
    @Parameter(property = TwinProperties.APPROVE)
    protected String approve;

    /**
     * The persona directory: me.txt (required), summary.txt, style.txt, facts.json, other .txt/.md,
     * PDFs.
     */
    @Parameter(property = TwinProperties.PERSONA_DIR, defaultValue = "${project.basedir}/persona")
    protected File personaDir;

    /** Limit of the persona's total text in bytes (all of it goes into every prompt). */
    @Parameter(property = TwinProperties.PERSONA_MAX_BYTES, defaultValue = "262144")
    protected long personaMaxBytes;

    /** A site directory to publish instead of the bundled page (a Next.js out/, a Vite dist/). */
    @Parameter(property = TwinProperties.SITE_DIR)
    protected File siteDir;

    /** Files laid over the bundled page (avatar, styles, extra files); ignored when absent. */
    @Parameter(
            property = TwinProperties.SITE_OVERRIDES_DIR,
            defaultValue = "${project.basedir}/src/main/site")
    protected File siteOverridesDir;

    /** Key prefix of the site in the frontend bucket; empty means the bucket root. */
    @Parameter(property = TwinProperties.SITE_PREFIX, defaultValue = "")
    protected String sitePrefix;

    /** Avatar image path or https URL for config.json. */
    @Parameter(property = TwinProperties.AVATAR, defaultValue = "avatar.svg")
    protected String avatar;

    /** Introduction shown above the chat (config.json intro). */
    @Parameter(property = TwinProperties.INTRO)
    protected String intro;

    /** Starter questions offered to visitors (config.json starterQuestions). */
    @Parameter protected List<String> starterQuestions;

    /**
     * The page's line on privacy (config.json privacyNote), e.g. "Conversations are kept for 90
     * days; contact details you share go to Ada." Default: the page's generic line.
     */
    @Parameter(property = TwinProperties.PRIVACY_NOTE)
    protected String privacyNote;

    /** Parallel uploads when publishing the site. */
    @Parameter(property = TwinProperties.PUBLISH_THREADS, defaultValue = "16")
    protected int publishThreads;

    /** Prints the publish plan and changes nothing in the bucket. */
    @Parameter(property = TwinProperties.DRY_RUN, defaultValue = "false")
    protected boolean dryRun;

    /** Waits for the CloudFront invalidation to complete. */
    @Parameter(property = TwinProperties.WAIT, defaultValue = "false")
    protected boolean waitForInvalidation;

    /** How long to wait for the invalidation, in seconds. */
    @Parameter(property = TwinProperties.WAIT_TIMEOUT, defaultValue = "600")
    protected int waitTimeoutSeconds;

    /** Past this many changed paths, one {@code /*} invalidation replaces the list. */
    @Parameter(property = TwinProperties.INVALIDATION_THRESHOLD, defaultValue = "15")
    protected int invalidationMaxPaths;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        stackName();
        Approval approval =
                Approval.decide(
                        environment(),
                        approve,
                        interactive(),
                        System.console() != null,
                        System.getenv());
        DeployPlan plan =
                new DeployPlan(
                        !skipSynth,
                        !skipPersona,
                        !skipPublish,
                        !skipInvalidate,
                        !skipModelCheck,
                        dryRun,
                        modelProvider,
                        Optional.ofNullable(modelId));
        Path existing = paths().cdkOut();
        Supplier<Path> synth = skipSynth ? () -> existing : synthesis();
        ShipSettings ship =
                new ShipSettings(
                        personaDir.toPath(),
                        personaMaxBytes,
                        Optional.ofNullable(siteDir).map(File::toPath),
                        Optional.ofNullable(siteOverridesDir).map(File::toPath),
                        siteConfig(displayName, avatar, intro, starterQuestions, privacyNote),
                        sitePrefix,
                        publishThreads,
                        dryRun,
                        waitForInvalidation,
                        Duration.ofSeconds(waitTimeoutSeconds),
                        invalidationMaxPaths);
        Shipping shipping =
                new Shipping(
                        awsClients(),
                        paths(),
                        stackName(),
                        ship,
                        getClass().getClassLoader(),
                        log());
        new DeployWorkflow(awsClients(), stackOperations(), shipping, log())
                .deploy(plan, synth, existing, approval, TwinProperties.SKIP_MODEL_CHECK);
    }

    @Override
    protected Map<String, String> deployed() {
        return originSecretVersion();
    }

    @Override
    protected String goal() {
        return "deploy";
    }
}
