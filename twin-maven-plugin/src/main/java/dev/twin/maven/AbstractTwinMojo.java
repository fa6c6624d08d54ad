package dev.twin.maven;

import dev.twin.contract.TwinEnvironment;
import dev.twin.contract.UnknownEnvironmentException;
import dev.twin.maven.cdn.InvalidationConfig;
import dev.twin.maven.cdn.InvalidationResult;
import dev.twin.maven.cdn.Invalidator;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.core.StackOutputsSource;
import dev.twin.maven.core.TwinException;
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
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Base of every goal: the settings all goals share, skip handling, and the one place where the
 * core's typed exceptions become {@link MojoExecutionException}s. Subclasses validate, then make
 * one core call.
 */
public abstract class AbstractTwinMojo extends AbstractMojo {

    /**
     * The environment to work on: {@code dev}, {@code staging} or {@code prod} ({@code -Denv=}
     * works too).
     */
    @Parameter(property = TwinProperties.ENV, defaultValue = "dev")
    protected String env;

    /**
     * The twin's name: part of the stack name {@code twin-<name>-<env>}; 1-24 lower-case letters,
     * digits and hyphens.
     */
    @Parameter(property = TwinProperties.NAME, defaultValue = "${project.artifactId}")
    protected String twinName;

    /** Skips every twin goal. */
    @Parameter(property = TwinProperties.SKIP, defaultValue = "false")
    protected boolean skip;

    /** AWS region; default: the standard AWS chain (AWS_REGION, the profile's region). */
    @Parameter(property = TwinProperties.REGION)
    protected String region;

    /**
     * AWS profile of ~/.aws/config; default: the standard AWS chain (AWS_PROFILE, default profile).
     */
    @Parameter(property = TwinProperties.PROFILE)
    protected String profile;

    /**
     * S3 endpoint override (a local emulator such as s3proxy); path-style addressing is used with
     * it.
     */
    @Parameter(property = TwinProperties.ENDPOINT_S3)
    protected String endpointS3;

    /** CloudFront endpoint override. */
    @Parameter(property = TwinProperties.ENDPOINT_CLOUDFRONT)
    protected String endpointCloudFront;

    /** Secrets Manager endpoint override. */
    @Parameter(property = TwinProperties.ENDPOINT_SECRETSMANAGER)
    protected String endpointSecretsManager;

    /**
     * CloudFormation endpoint override (used to find the stack outputs when the outputs file is
     * absent).
     */
    @Parameter(property = TwinProperties.ENDPOINT_CLOUDFORMATION)
    protected String endpointCloudFormation;

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

    /** Parallel uploads when publishing the site. */
    @Parameter(property = TwinProperties.PUBLISH_THREADS, defaultValue = "16")
    protected int publishThreads;

    /** Prints the publish plan and changes nothing. */
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

    /**
     * The runtime's jar (Lambda code and local server); default: dev.twin:twin-runtime:jar:lambda
     * of this plugin's version.
     */
    @Parameter(property = TwinProperties.LAMBDA_JAR)
    protected File lambdaJar;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    protected File buildDirectory;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    protected PluginDescriptor plugin;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    protected RepositorySystemSession repositorySession;

    @Parameter(
            defaultValue = "${project.remoteProjectRepositories}",
            readonly = true,
            required = true)
    protected List<RemoteRepository> remoteRepositories;

    @Component protected RepositorySystem repositorySystem;

    @Override
    public final void execute() throws MojoExecutionException {
        if (skip || isSkipped()) {
            getLog().info(
                            "Skipping twin:"
                                    + goal()
                                    + " ("
                                    + TwinProperties.SKIP
                                    + " or its own skip flag is set)");
            return;
        }
        try {
            environment(); // an unknown environment is reported before anything else happens
            run();
        } catch (TwinException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (UnknownEnvironmentException e) {
            throw new MojoExecutionException(
                    e.getMessage() + " (e.g. -D" + TwinProperties.ENV + "=dev)", e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
    }

    /**
     * The goal's one job, after the skip check. Throws typed {@link TwinException}s for user-facing
     * failures.
     */
    protected abstract void run() throws MojoExecutionException;

    protected abstract String goal();

    /** A goal's own skip flag; the common {@code twin.skip} is checked for every goal. */
    protected boolean isSkipped() {
        return false;
    }

    protected TwinLog log() {
        Log log = getLog();
        // Adapter: the core's log port onto the Maven log.
        return new TwinLog() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void warn(String message) {
                log.warn(message);
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }
        };
    }

    protected TwinEnvironment environment() {
        String value = env;
        // `-Denv=prod` is what people type; honour it when twin.env was not given explicitly.
        String alias = session == null ? null : session.getUserProperties().getProperty("env");
        String explicit =
                session == null
                        ? null
                        : session.getUserProperties().getProperty(TwinProperties.ENV);
        if (explicit == null && alias != null) {
            value = alias;
        }
        return TwinEnvironment.parse(value);
    }

    protected StackName stackName() {
        return new StackName(twinName == null ? null : twinName.strip(), environment());
    }

    protected TwinPaths paths() {
        return new TwinPaths(buildDirectory.toPath(), environment());
    }

    protected AwsClients awsClients() {
        Map<AwsService, String> endpoints = new EnumMap<>(AwsService.class);
        endpoints.put(AwsService.S3, endpointS3);
        endpoints.put(AwsService.CLOUDFRONT, endpointCloudFront);
        endpoints.put(AwsService.SECRETSMANAGER, endpointSecretsManager);
        endpoints.put(AwsService.CLOUDFORMATION, endpointCloudFormation);
        return new AwsClients(AwsSettings.of(region, profile, endpoints));
    }

    /** The stack outputs: target/twin/&lt;env&gt;/outputs.json, else CloudFormation. */
    protected StackOutputs outputs(AwsClients clients) {
        return new StackOutputsSource(paths(), stackName(), clients::cloudFormation, log()).load();
    }

    protected PersonaUploadResult uploadPersona(AwsClients clients, StackOutputs outputs) {
        PersonaConfig config =
                PersonaConfig.of(personaDir.toPath(), outputs.memoryBucketName())
                        .withMaxBytes(personaMaxBytes);
        try (S3Client s3 = clients.s3(4)) {
            return new PersonaUploader(s3, config, log()).upload();
        }
    }

    protected SiteConfig siteConfig() {
        String name = displayName == null || displayName.isBlank() ? twinName : displayName;
        return new SiteConfig(SiteConfig.DEFAULT_API_URL, name, avatar, intro, starterQuestions);
    }

    /**
     * Stages the site (bundled page + overrides, or the user's directory) and config.json under
     * target/twin.
     */
    protected Path stageSite(Path stagingDir) {
        if (siteDir != null) {
            return SiteStager.stageDirectory(siteDir.toPath(), siteConfig(), stagingDir);
        }
        return SiteStager.stageBundled(
                getClass().getClassLoader(),
                siteOverridesDir == null ? null : siteOverridesDir.toPath(),
                siteConfig(),
                stagingDir);
    }

    protected PublishResult publishSite(AwsClients clients, StackOutputs outputs) {
        TwinPaths paths = paths();
        Path staged = stageSite(paths.envDir().resolve("site"));
        PublishConfig config =
                new PublishConfig(
                        staged,
                        outputs.frontendBucketName(),
                        sitePrefix,
                        publishThreads,
                        dryRun,
                        Optional.of(paths.lastPublishFile()),
                        Optional.of(outputs.memoryBucketName()),
                        Optional.of(paths.envDir().resolve("site-hashes.txt")));
        return new SitePublisher(clients.leanS3(), config, log()).publish();
    }

    protected InvalidationResult invalidate(AwsClients clients, StackOutputs outputs) {
        Optional<List<String>> changed =
                LastPublish.read(paths().lastPublishFile()).map(LastPublish::changedPaths);
        if (changed.isEmpty()) {
            getLog().info(
                            "No record of the last publish ("
                                    + paths().lastPublishFile()
                                    + "): invalidating everything");
        }
        InvalidationConfig config =
                InvalidationConfig.of(outputs.distributionId(), changed)
                        .withMaxPaths(invalidationMaxPaths);
        if (waitForInvalidation) {
            config =
                    config.waiting(
                            Duration.ofSeconds(waitTimeoutSeconds),
                            InvalidationConfig.DEFAULT_POLL);
        }
        try (CloudFrontClient cloudFront = clients.cloudFront()) {
            return new Invalidator(cloudFront, config, log()).invalidate();
        }
    }

    /**
     * The runtime's lambda jar: the configured file, else the artifact of this plugin's version.
     */
    protected Path runtimeJar() throws MojoExecutionException {
        if (lambdaJar != null) {
            return lambdaJar.toPath();
        }
        var artifact =
                new DefaultArtifact(
                        "dev.twin", "twin-runtime", "lambda", "jar", plugin.getVersion());
        try {
            return repositorySystem
                    .resolveArtifact(
                            repositorySession,
                            new ArtifactRequest(artifact, remoteRepositories, null))
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException(
                    "Cannot resolve the twin runtime "
                            + artifact
                            + " — check your repositories "
                            + "(is the version published?), or set -D"
                            + TwinProperties.LAMBDA_JAR
                            + "=<path to the -lambda.jar>",
                    e);
        }
    }
}
