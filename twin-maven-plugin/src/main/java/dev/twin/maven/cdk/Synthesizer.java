package dev.twin.maven.cdk;

import dev.twin.cdk.InvalidTwinPropsException;
import dev.twin.cdk.TwinApp;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.Processes;
import dev.twin.maven.core.RuntimeJarNotFoundException;
import dev.twin.maven.core.TwinLog;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awscdk.App;

/**
 * Writes the cloud assembly into {@code target/cdk.out}: in-process {@code DigitalTwinStack} from
 * the plugin's settings, or the project's own CDK app class run the way the CDK CLI runs apps (a
 * JVM with CDK_OUTDIR and CDK_CONTEXT_JSON set).
 */
public final class Synthesizer {

    private final TwinLog log;

    public Synthesizer(TwinLog log) {
        this.log = Objects.requireNonNull(log);
    }

    /** The default stack, synthesized in this JVM. */
    public Path synthDefault(StackSettings settings, Path cdkOut) {
        if (!Files.isRegularFile(settings.lambdaJar())) {
            throw new RuntimeJarNotFoundException(settings.lambdaJar());
        }
        reset(cdkOut);
        log.info("Synthesizing " + settings.stack() + " into " + cdkOut);
        try {
            App app = TwinApp.newApp(cdkOut, settings.context());
            TwinApp.build(app, System.getenv());
            app.synth();
        } catch (InvalidTwinPropsException e) {
            throw new InvalidStackConfigException(e.getMessage(), e.problems());
        }
        CdkCli.assemblySchemaVersion(cdkOut); // proves a manifest was written
        return cdkOut;
    }

    /**
     * The project's own app class: {@code java -cp <classpath> <appClass>}, context from the
     * settings.
     */
    public Path synthApp(
            String appClass, List<Path> classpath, StackSettings settings, Path cdkOut) {
        reset(cdkOut);
        String javaExe = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                javaExe,
                                "-cp",
                                String.join(
                                        File.pathSeparator,
                                        classpath.stream().map(Path::toString).toList()),
                                appClass));
        String context;
        try {
            context = Json.MAPPER.writeValueAsString(settings.context());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("Synthesizing with " + appClass + " into " + cdkOut);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CDK_OUTDIR", cdkOut.toAbsolutePath().toString());
        env.put("CDK_CONTEXT_JSON", context);
        // As the CDK CLI sets them for apps: the region and account the credentials resolve to.
        settings.region().ifPresent(r -> env.put("CDK_DEFAULT_REGION", r));
        settings.account().ifPresent(a -> env.put("CDK_DEFAULT_ACCOUNT", a));
        Processes.Outcome outcome = Processes.run(command, null, env, log);
        if (outcome.exitCode() != 0) {
            String last =
                    outcome.tail().isEmpty()
                            ? "exit " + outcome.exitCode()
                            : outcome.tail().get(outcome.tail().size() - 1);
            throw new SynthFailedException(appClass, last);
        }
        if (!Files.isRegularFile(cdkOut.resolve("manifest.json"))) {
            throw new SynthFailedException(
                    appClass, "no manifest.json in " + cdkOut + " (does main() call app.synth()?)");
        }
        return cdkOut;
    }

    /** A fresh directory: stale stacks and assets from an earlier synth must not be deployed. */
    private static void reset(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + dir, e);
        }
    }
}
