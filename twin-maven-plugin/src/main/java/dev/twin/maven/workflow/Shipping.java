package dev.twin.maven.workflow;

import dev.twin.maven.cdn.InvalidationConfig;
import dev.twin.maven.cdn.InvalidationResult;
import dev.twin.maven.cdn.Invalidator;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.core.StackOutputsSource;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.persona.PersonaConfig;
import dev.twin.maven.persona.PersonaUploadResult;
import dev.twin.maven.persona.PersonaUploader;
import dev.twin.maven.publish.LastPublish;
import dev.twin.maven.publish.PublishConfig;
import dev.twin.maven.publish.PublishResult;
import dev.twin.maven.publish.SiteConfig;
import dev.twin.maven.publish.SitePublisher;
import dev.twin.maven.publish.SiteStager;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps after a stack exists — persona upload, site publish, CDN invalidation — each usable
 * alone (one goal) or in a row ({@link DeployWorkflow}), on one set of AWS clients.
 */
public final class Shipping {

    private final AwsClients clients;
    private final TwinPaths paths;
    private final StackName stack;
    private final ShipSettings settings;
    private final ClassLoader bundledSite;
    private final TwinLog log;

    /**
     * @param bundledSite the class loader that holds the bundled chat page ({@code twin-site/})
     */
    public Shipping(
            AwsClients clients,
            TwinPaths paths,
            StackName stack,
            ShipSettings settings,
            ClassLoader bundledSite,
            TwinLog log) {
        this.clients = Objects.requireNonNull(clients);
        this.paths = Objects.requireNonNull(paths);
        this.stack = Objects.requireNonNull(stack);
        this.settings = Objects.requireNonNull(settings);
        this.bundledSite = Objects.requireNonNull(bundledSite);
        this.log = Objects.requireNonNull(log);
    }

    /** The stack outputs: target/twin/&lt;env&gt;/outputs.json, else CloudFormation. */
    public StackOutputs outputs() {
        return new StackOutputsSource(paths, stack, clients::cloudFormation, log).load();
    }

    public PersonaUploadResult uploadPersona(StackOutputs outputs) {
        PersonaConfig config =
                PersonaConfig.of(settings.personaDir(), outputs.memoryBucketName())
                        .withMaxBytes(settings.personaMaxBytes());
        return new PersonaUploader(clients.s3(), config, log).upload();
    }

    /**
     * Stages the site (bundled page + overrides, or the user's directory) and config.json under
     * target/twin.
     */
    public Path stageSite() {
        return stage(
                settings.siteDir(),
                settings.siteOverridesDir(),
                settings.siteConfig(),
                bundledSite,
                paths.envDir().resolve("site"));
    }

    /** Stages the user's site directory, or the bundled page with the overrides laid over it. */
    public static Path stage(
            Optional<Path> siteDir,
            Optional<Path> overrides,
            SiteConfig config,
            ClassLoader bundledSite,
            Path stagingDir) {
        if (siteDir.isPresent()) {
            return SiteStager.stageDirectory(siteDir.get(), config, stagingDir);
        }
        return SiteStager.stageBundled(bundledSite, overrides.orElse(null), config, stagingDir);
    }

    public PublishResult publishSite(StackOutputs outputs) {
        Path staged = stageSite();
        PublishConfig config =
                new PublishConfig(
                        staged,
                        outputs.frontendBucketName(),
                        settings.sitePrefix(),
                        settings.publishThreads(),
                        settings.dryRun(),
                        Optional.of(paths.lastPublishFile()),
                        Optional.of(outputs.memoryBucketName()));
        return new SitePublisher(clients.objectStore(), config, log).publish();
    }

    public InvalidationResult invalidate(StackOutputs outputs) {
        Optional<List<String>> changed =
                LastPublish.read(paths.lastPublishFile()).map(LastPublish::changedPaths);
        if (changed.isEmpty()) {
            log.info(
                    "No record of the last publish ("
                            + paths.lastPublishFile()
                            + "): invalidating everything");
        }
        InvalidationConfig config =
                InvalidationConfig.of(outputs.distributionId(), changed)
                        .withMaxPaths(settings.invalidationMaxPaths());
        if (settings.waitForInvalidation()) {
            config = config.waiting(settings.waitTimeout(), InvalidationConfig.DEFAULT_POLL);
        }
        return new Invalidator(clients.cloudFront(), config, log).invalidate();
    }
}
