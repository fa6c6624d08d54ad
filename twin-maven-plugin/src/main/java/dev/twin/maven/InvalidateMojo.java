package dev.twin.maven;

import dev.twin.maven.persona.PersonaReader;
import dev.twin.maven.publish.PublishConfig;
import dev.twin.maven.workflow.ShipSettings;
import dev.twin.maven.workflow.Shipping;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Invalidates the CloudFront cache for the paths the last publish changed (or /* when unknown or
 * past twin.invalidation.maxPaths), with a unique caller reference; -Dtwin.wait waits for
 * completion.
 */
@Mojo(name = "invalidate", threadSafe = true)
public class InvalidateMojo extends AbstractAwsMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_INVALIDATE, defaultValue = "false")
    protected boolean skipInvalidate;

    /** Waits for the CloudFront invalidation to complete (the SDK's waiter). */
    @Parameter(property = TwinProperties.WAIT, defaultValue = "false")
    protected boolean waitForInvalidation;

    /** How long to wait for the invalidation, in seconds. */
    @Parameter(property = TwinProperties.WAIT_TIMEOUT, defaultValue = "600")
    protected int waitTimeoutSeconds;

    /** Past this many changed paths, one {@code /*} invalidation replaces the list. */
    @Parameter(property = TwinProperties.INVALIDATION_THRESHOLD, defaultValue = "15")
    protected int invalidationMaxPaths;

    @Override
    protected void run() {
        stackName();
        Shipping shipping = shipping();
        shipping.invalidate(shipping.outputs());
    }

    @Override
    protected boolean isSkipped() {
        return skipInvalidate;
    }

    private Shipping shipping() {
        return new Shipping(
                awsClients(),
                paths(),
                stackName(),
                new ShipSettings(
                        buildDirectory.toPath(),
                        PersonaReader.DEFAULT_MAX_BYTES,
                        Optional.empty(),
                        Optional.empty(),
                        siteConfig(null, null, null, null, null),
                        "",
                        PublishConfig.DEFAULT_THREADS,
                        false,
                        waitForInvalidation,
                        Duration.ofSeconds(waitTimeoutSeconds),
                        invalidationMaxPaths),
                getClass().getClassLoader(),
                log());
    }

    @Override
    protected String goal() {
        return "invalidate";
    }
}
