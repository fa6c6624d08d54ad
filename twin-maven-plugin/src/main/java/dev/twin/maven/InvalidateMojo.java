package dev.twin.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Invalidates the CloudFront cache for the paths the last publish changed (or /* when unknown or
 * past twin.invalidation.maxPaths), with a unique caller reference; -Dtwin.wait waits for
 * completion.
 */
@Mojo(name = "invalidate", threadSafe = true)
public class InvalidateMojo extends AbstractTwinMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_INVALIDATE, defaultValue = "false")
    protected boolean skipInvalidate;

    @Override
    protected void run() {
        var clients = awsClients();
        invalidate(clients, outputs(clients));
    }

    @Override
    protected boolean isSkipped() {
        return skipInvalidate;
    }

    @Override
    protected String goal() {
        return "invalidate";
    }
}
