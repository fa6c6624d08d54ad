package dev.twin.maven;

import dev.twin.maven.cdn.InvalidationConfig;
import dev.twin.maven.persona.PersonaReader;
import dev.twin.maven.workflow.ShipSettings;
import dev.twin.maven.workflow.Shipping;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes the site to the frontend bucket: the bundled page with the project's overrides (or
 * -Dtwin.siteDir), plus config.json. Plans by content hash, uploads changes in parallel, deletes
 * stale files under the prefix, sets Content-Type and Cache-Control, and records the changed paths
 * for twin:invalidate. -Dtwin.dryRun prints the plan only.
 */
@Mojo(name = "publish-frontend", threadSafe = true)
public class PublishFrontendMojo extends AbstractAwsMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_PUBLISH, defaultValue = "false")
    protected boolean skipPublish;

    /** A site directory to publish instead of the bundled page (a Next.js out/, a Vite dist/). */
    @Parameter(property = TwinProperties.SITE_DIR)
    protected File siteDir;

    /** Files laid over the bundled page (avatar, styles, extra files); ignored when absent. */
    @Parameter(
            property = TwinProperties.SITE_OVERRIDES_DIR,
            defaultValue = "${project.basedir}/src/main/site")
    protected File siteOverridesDir;

    /** Name shown on the page (config.json twinName); default: the twin name. */
    @Parameter(property = TwinProperties.DISPLAY_NAME)
    protected String displayName;

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

    /** Key prefix of the site in the frontend bucket; empty means the bucket root. */
    @Parameter(property = TwinProperties.SITE_PREFIX, defaultValue = "")
    protected String sitePrefix;

    /** Parallel uploads when publishing the site. */
    @Parameter(property = TwinProperties.PUBLISH_THREADS, defaultValue = "16")
    protected int publishThreads;

    /** Prints the publish plan and changes nothing. */
    @Parameter(property = TwinProperties.DRY_RUN, defaultValue = "false")
    protected boolean dryRun;

    @Override
    protected void run() {
        stackName();
        Shipping shipping = shipping();
        // Stage first: a missing directory or a symlink loop is reported before any AWS call.
        shipping.stageSite();
        shipping.publishSite(shipping.outputs());
    }

    @Override
    protected boolean isSkipped() {
        return skipPublish;
    }

    private Shipping shipping() {
        return new Shipping(
                awsClients(),
                paths(),
                stackName(),
                new ShipSettings(
                        buildDirectory.toPath(),
                        PersonaReader.DEFAULT_MAX_BYTES,
                        Optional.ofNullable(siteDir).map(File::toPath),
                        Optional.ofNullable(siteOverridesDir).map(File::toPath),
                        siteConfig(displayName, avatar, intro, starterQuestions, privacyNote),
                        sitePrefix,
                        publishThreads,
                        dryRun,
                        false,
                        Duration.ofSeconds(600),
                        InvalidationConfig.DEFAULT_MAX_PATHS),
                getClass().getClassLoader(),
                log());
    }

    @Override
    protected String goal() {
        return "publish-frontend";
    }
}
