package dev.twin.maven.workflow;

import dev.twin.maven.publish.SiteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the shipping steps need besides the stack outputs: the persona directory and limit, the site
 * (the user's directory, or the bundled page with overrides), where it goes in the bucket, and how
 * to invalidate.
 */
public record ShipSettings(
        Path personaDir,
        long personaMaxBytes,
        Optional<Path> siteDir,
        Optional<Path> siteOverridesDir,
        SiteConfig siteConfig,
        String sitePrefix,
        int publishThreads,
        boolean dryRun,
        boolean waitForInvalidation,
        Duration waitTimeout,
        int invalidationMaxPaths) {

    public ShipSettings {
        Objects.requireNonNull(personaDir, "personaDir");
        Objects.requireNonNull(siteDir, "siteDir");
        Objects.requireNonNull(siteOverridesDir, "siteOverridesDir");
        Objects.requireNonNull(siteConfig, "siteConfig");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        sitePrefix = sitePrefix == null ? "" : sitePrefix;
    }
}
