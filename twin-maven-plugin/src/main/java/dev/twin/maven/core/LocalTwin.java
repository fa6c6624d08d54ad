package dev.twin.maven.core;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The twin on a laptop: forks the runtime's local server ({@code java -jar
 * twin-runtime-*-lambda.jar}) with the staged site, the project's persona and a memory directory,
 * streaming its output until Ctrl-C (or a time limit).
 */
public final class LocalTwin {

    /**
     * How the local server is configured; every value becomes a {@code TWIN_*} variable of the
     * child.
     */
    public record Config(
            Path lambdaJar,
            Path siteDir,
            Path personaDir,
            Path memoryDir,
            String twinName,
            int port,
            String modelProvider,
            Optional<String> modelId,
            Optional<String> openAiBaseUrl,
            Duration maxRun) {

        public Config {
            Objects.requireNonNull(lambdaJar, "lambdaJar");
            Objects.requireNonNull(siteDir, "siteDir");
            Objects.requireNonNull(personaDir, "personaDir");
            Objects.requireNonNull(memoryDir, "memoryDir");
            Objects.requireNonNull(twinName, "twinName");
            if (port < 0 || port > 65535) {
                throw new InvalidPortException(port);
            }
            modelProvider =
                    modelProvider == null || modelProvider.isBlank()
                            ? ModelProvider.OFFLINE.id()
                            : modelProvider.strip();
            Objects.requireNonNull(maxRun, "maxRun");
        }

        /**
         * The child's environment. The API key is not here: the child inherits {@link
         * RuntimeEnv#API_KEY} from this process.
         */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(RuntimeEnv.PORT, Integer.toString(port));
            env.put(RuntimeEnv.SITE_DIR, siteDir.toAbsolutePath().toString());
            env.put(RuntimeEnv.PERSONA_DIR, personaDir.toAbsolutePath().toString());
            env.put(RuntimeEnv.MEMORY_DIR, memoryDir.toAbsolutePath().toString());
            env.put(RuntimeEnv.NAME, twinName);
            env.put(RuntimeEnv.MODEL_PROVIDER, modelProvider);
            modelId.filter(v -> !v.isBlank()).ifPresent(v -> env.put(RuntimeEnv.MODEL_ID, v));
            openAiBaseUrl
                    .filter(v -> !v.isBlank())
                    .ifPresent(v -> env.put(RuntimeEnv.OPENAI_BASE_URL, v));
            return env;
        }
    }

    private final TwinLog log;

    public LocalTwin(TwinLog log) {
        this.log = Objects.requireNonNull(log);
    }

    /**
     * The flags that answered the first chat soonest (docs/BENCHMARKS.md, "First answer"): C1 only
     * and the serial collector, plus a class-data archive next to the memory directory. JDK 19+
     * writes and maps it by itself ({@code -XX:+AutoCreateSharedArchive}); on JDK 17 and 18 the
     * first run writes it at exit ({@code -XX:ArchiveClassesAtExit}) and later runs map it, until
     * the runtime jar is newer than the archive.
     */
    static List<String> command(String java, Config config, int jdkFeature) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        Path archive = config.memoryDir().toAbsolutePath().getParent().resolve("twin-cds.jsa");
        if (jdkFeature >= 19) {
            command.add("-XX:+AutoCreateSharedArchive");
            command.add("-XX:SharedArchiveFile=" + archive);
        } else if (isNewer(archive, config.lambdaJar())) {
            command.add("-XX:SharedArchiveFile=" + archive);
        } else {
            command.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        // the archive's own notes (classes it skips, an archive of another JDK) are not the owner's
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        command.add("-jar");
        command.add(config.lambdaJar().toString());
        return command;
    }

    private static boolean isNewer(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar))
                            > 0;
        } catch (IOException e) {
            return false; // unreadable: write a new one
        }
    }

    /** Runs the server in the foreground; returns its exit code. */
    public int run(Config config) {
        if (!Files.isRegularFile(config.lambdaJar())) {
            throw new RuntimeJarNotFoundException(config.lambdaJar());
        }
        try {
            Files.createDirectories(config.memoryDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + config.memoryDir(), e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        log.info(
                "Starting twin '"
                        + config.twinName()
                        + "' on http://localhost:"
                        + config.port()
                        + " (model "
                        + config.modelProvider()
                        + ", persona "
                        + config.personaDir()
                        + ")");
        Processes.Outcome outcome =
                Processes.run(
                        command(java, config, Runtime.version().feature()),
                        null,
                        config.environment(),
                        log,
                        config.maxRun());
        return outcome.exitCode();
    }
}
