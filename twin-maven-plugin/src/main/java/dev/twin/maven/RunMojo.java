package dev.twin.maven;

import dev.twin.maven.core.LocalTwin;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.persona.PersonaReader;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
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
    @Parameter(property = "twin.run.seconds", defaultValue = "0")
    protected int runSeconds;

    @Override
    protected void run() throws MojoExecutionException {
        // Same checks as upload-persona, so what runs here also uploads.
        PersonaReader.read(personaDir.toPath(), personaMaxBytes, log());
        TwinPaths paths = paths();
        var site = stageSite(paths.localDir().resolve("site"));
        var config =
                new LocalTwin.Config(
                        runtimeJar(),
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
