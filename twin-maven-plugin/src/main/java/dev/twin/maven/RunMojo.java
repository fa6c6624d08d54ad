package dev.twin.maven;

import dev.twin.maven.core.LocalTwin;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.persona.PersonaReader;
import dev.twin.maven.workflow.Shipping;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the twin on this machine: the runtime's local server with the staged site, the project's
 * persona directory and a memory directory under target/twin/local, model offline by default, at
 * http://localhost:8080. Ctrl-C stops it.
 */
@Mojo(name = "run", threadSafe = true)
public class RunMojo extends AbstractTwinMojo {

    /** Port of the local server. */
    @Parameter(property = TwinProperties.PORT, defaultValue = "8080")
    protected int port;

    /**
     * Model backend for the local twin: offline (no network, default), bedrock or openai.
     * Deliberately not {@code twin.modelProvider}: that one names the deployed model, and a laptop
     * should not need AWS to chat.
     */
    @Parameter(property = TwinProperties.RUN_MODEL_PROVIDER, defaultValue = "offline")
    protected String modelProvider;

    /** Model id for bedrock/openai in the local twin. */
    @Parameter(property = TwinProperties.RUN_MODEL_ID)
    protected String modelId;

    /** Base URL of the OpenAI-compatible endpoint. */
    @Parameter(property = TwinProperties.OPENAI_BASE_URL)
    protected String openAiBaseUrl;

    /** Stops the server after this many seconds (0: run until Ctrl-C); for smoke tests and CI. */
    @Parameter(property = TwinProperties.RUN_SECONDS, defaultValue = "0")
    protected int runSeconds;

    /**
     * The persona directory: me.txt (required), summary.txt, style.txt, facts.json, other .txt/.md,
     * PDFs.
     */
    @Parameter(property = TwinProperties.PERSONA_DIR, defaultValue = "${project.basedir}/persona")
    protected File personaDir;

    /** Limit of the persona's total text in bytes (all of it goes into every prompt). */
    @Parameter(property = TwinProperties.PERSONA_MAX_BYTES, defaultValue = "262144")
    protected long personaMaxBytes;

    /** A site directory to serve instead of the bundled page (a Next.js out/, a Vite dist/). */
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

    /** The runtime's jar; default: dev.twin:twin-runtime:jar:lambda of this plugin's version. */
    @Parameter(property = TwinProperties.LAMBDA_JAR)
    protected File lambdaJar;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        // Same checks as upload-persona, so what runs here also uploads.
        PersonaReader.read(personaDir.toPath(), personaMaxBytes, log());
        TwinPaths paths = paths();
        var site =
                Shipping.stage(
                        Optional.ofNullable(siteDir).map(File::toPath),
                        Optional.ofNullable(siteOverridesDir).map(File::toPath),
                        siteConfig(displayName, avatar, intro, starterQuestions, privacyNote),
                        getClass().getClassLoader(),
                        paths.localDir().resolve("site"));
        var config =
                new LocalTwin.Config(
                        runtimeJar(lambdaJar),
                        site,
                        personaDir.toPath(),
                        paths.localDir().resolve("memory"),
                        displayName == null || displayName.isBlank() ? twinName : displayName,
                        port,
                        modelProvider,
                        Optional.ofNullable(modelId),
                        Optional.ofNullable(openAiBaseUrl),
                        Duration.ofSeconds(Math.max(0, runSeconds)));
        int exit = new LocalTwin(log()).run(config);
        if (exit != 0 && runSeconds == 0) {
            throw new MojoExecutionException(
                    "The local twin exited with code " + exit + " — see its output above");
        }
    }

    @Override
    protected String goal() {
        return "run";
    }
}
