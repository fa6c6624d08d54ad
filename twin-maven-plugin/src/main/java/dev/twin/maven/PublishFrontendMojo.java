package dev.twin.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Publishes the site to the frontend bucket: the bundled page with the project's overrides (or
 * -Dtwin.siteDir), plus config.json. Plans by content hash, uploads changes in parallel, deletes
 * stale files under the prefix, sets Content-Type and Cache-Control, and records the changed paths
 * for twin:invalidate. -Dtwin.dryRun prints the plan only.
 */
@Mojo(name = "publish-frontend", threadSafe = true)
public class PublishFrontendMojo extends AbstractTwinMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_PUBLISH, defaultValue = "false")
    protected boolean skipPublish;

    @Override
    protected void run() {
        var clients = awsClients();
        stackName();
        // Stage first: a missing directory or a symlink loop is reported before any AWS call.
        stageSite(paths().envDir().resolve("site"));
        publishSite(clients, outputs(clients));
    }

    @Override
    protected boolean isSkipped() {
        return skipPublish;
    }

    @Override
    protected String goal() {
        return "publish-frontend";
    }
}
