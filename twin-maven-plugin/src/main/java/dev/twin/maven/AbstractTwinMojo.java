package dev.twin.maven;

import dev.twin.contract.TwinEnvironment;
import dev.twin.contract.UnknownEnvironmentException;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.core.UserMistake;
import dev.twin.maven.publish.SiteConfig;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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

/**
 * Base of every goal: the parameters all goals share, skip handling, and the one place where the
 * core's typed exceptions become Maven's: {@link MojoFailureException} for the user's mistakes
 * ({@link UserMistake}), {@link MojoExecutionException} for failures of the world. Subclasses
 * validate, then make one core call.
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

    private final List<AutoCloseable> closeAfterRun = new ArrayList<>();

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
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
            if (e instanceof UserMistake) {
                throw new MojoFailureException(e.getMessage(), e);
            }
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (UnknownEnvironmentException e) {
            throw new MojoFailureException(
                    e.getMessage() + " (e.g. -D" + TwinProperties.ENV + "=dev)", e);
        } catch (UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        } finally {
            for (AutoCloseable c : closeAfterRun) {
                try {
                    c.close();
                } catch (Exception e) {
                    getLog().debug("Closing " + c + ": " + e.getMessage());
                }
            }
            closeAfterRun.clear();
        }
    }

    /**
     * The goal's one job, after the skip check. Throws typed {@link TwinException}s for user-facing
     * failures.
     */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    protected abstract String goal();

    /** A goal's own skip flag; the common {@code twin.skip} is checked for every goal. */
    protected boolean isSkipped() {
        return false;
    }

    /** Closes {@code resource} when the goal ends, however it ends. */
    protected <T extends AutoCloseable> T closeAfterRun(T resource) {
        closeAfterRun.add(resource);
        return resource;
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

    /** Maven's batch mode ({@code -B}) or no terminal: nothing may prompt. */
    protected boolean interactive() {
        return session != null
                && session.getRequest() != null
                && session.getRequest().isInteractiveMode();
    }

    /** The page's config.json: the display name falls back to the twin name. */
    protected SiteConfig siteConfig(
            String displayName,
            String avatar,
            String intro,
            List<String> starterQuestions,
            String privacyNote) {
        String name = displayName == null || displayName.isBlank() ? twinName : displayName;
        return new SiteConfig(
                SiteConfig.DEFAULT_API_URL,
                name,
                avatar,
                intro,
                starterQuestions,
                true,
                privacyNote);
    }

    /**
     * The runtime's lambda jar: the configured file, else the artifact of this plugin's version.
     */
    protected Path runtimeJar(File lambdaJar) throws MojoFailureException {
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
            throw new MojoFailureException(
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
