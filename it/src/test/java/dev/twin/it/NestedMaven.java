package dev.twin.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the Maven that runs this build on a generated project, the way its owner would, but with the
 * IT repository as local repository and a settings file that finds everything else in the outer
 * build's local repository first. Each run's output goes to its own log file; a failure reports the
 * command and the log's tail.
 */
final class NestedMaven {

    private static final int TAIL_LINES = 60;

    /** How a finished run ended. */
    record Result(String step, List<String> command, int exitCode, Path log, Duration took) {

        Result {
            Objects.requireNonNull(step, "step");
            command = List.copyOf(command);
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(took, "took");
        }

        /**
         * Fails the test with the command and the last lines of Maven's output unless Maven exited
         * 0.
         */
        Result requireSuccess() {
            if (exitCode != 0) {
                fail(describe("failed with exit code " + exitCode));
            }
            return this;
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String describe(String what) {
            return "Step '"
                    + step
                    + "' "
                    + what
                    + " after "
                    + took.toSeconds()
                    + " s\n  command: "
                    + String.join(" ", command)
                    + "\n  full log: "
                    + log
                    + "\n--- last lines of the Maven output ---\n"
                    + tail(log);
        }
    }

    /** A Maven run in the background (twin:run). */
    static final class Running implements AutoCloseable {

        private final String step;
        private final Process process;
        private final Path log;

        private Running(String step, Process process, Path log) {
            this.step = step;
            this.process = process;
            this.log = log;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        String describe(String what) {
            return "Step '"
                    + step
                    + "' "
                    + what
                    + "\n  full log: "
                    + log
                    + "\n--- last lines of the Maven output ---\n"
                    + tail(log);
        }

        /**
         * Stops Maven and everything it forked (the runtime's server is Maven's child): a polite
         * signal to the whole tree first so shutdown hooks run, then force after a grace period.
         * Returns the processes still alive.
         */
        List<ProcessHandle> stopTree(Duration grace) {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (ProcessHandle handle : tree) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception timedOut) {
                    handle.destroyForcibly();
                }
            }
            return tree.stream().filter(ProcessHandle::isAlive).toList();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                stopTree(Duration.ofSeconds(5));
            }
        }
    }

    private final Path mavenHome;
    private final Path itRepo;
    private final Path settings;
    private final boolean offline;
    private final Path logDir;
    private final Map<String, String> environment;

    NestedMaven(
            Path mavenHome,
            Path itRepo,
            Path settings,
            boolean offline,
            Path logDir,
            Map<String, String> environment) {
        this.mavenHome = Objects.requireNonNull(mavenHome, "mavenHome");
        this.itRepo = Objects.requireNonNull(itRepo, "itRepo");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.offline = offline;
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.environment = Map.copyOf(environment);
        if (!Files.isExecutable(executable())) {
            throw new IllegalArgumentException(
                    "No Maven at "
                            + executable()
                            + " — run this suite through Maven (failsafe passes -Dmaven.home), or set -Dmaven.home");
        }
    }

    private Path executable() {
        return mavenHome.resolve("bin").resolve("mvn");
    }

    /**
     * Runs Maven in {@code dir} and waits for it; a run past {@code timeout} is stopped and fails
     * the test.
     */
    Result run(String step, Path dir, Duration timeout, String... args) {
        List<String> command = command(args);
        Path log = logFile(step);
        long start = System.nanoTime();
        Process process = start(command, dir, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                new Running(step, process, log).stopTree(Duration.ofSeconds(5));
                Result result =
                        new Result(
                                step,
                                command,
                                -1,
                                log,
                                Duration.ofNanos(System.nanoTime() - start));
                fail(result.describe("did not finish within " + timeout.toSeconds() + " s"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            new Running(step, process, log).stopTree(Duration.ofSeconds(5));
            throw new IllegalStateException("Interrupted while running " + step, e);
        }
        return new Result(
                step,
                command,
                process.exitValue(),
                log,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Starts Maven in {@code dir} without waiting. */
    Running start(String step, Path dir, String... args) {
        Path log = logFile(step);
        return new Running(step, start(command(args), dir, log), log);
    }

    private List<String> command(String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                executable().toString(),
                                "-B",
                                "-s",
                                settings.toString(),
                                "-Dmaven.repo.local=" + itRepo));
        if (offline) {
            // offline, yet the outer build's local repository (a file: repository in the settings)
            // stays readable
            command.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        command.addAll(List.of(args));
        return command;
    }

    private Process start(List<String> command, Path dir, Path log) {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // A short-lived Maven JVM: C1 only and the serial collector start faster on 2 cores.
        builder.environment()
                .put("MAVEN_OPTS", "-Xmx768m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        builder.environment().remove("MAVEN_ARGS");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
    }

    private Path logFile(String step) {
        try {
            Files.createDirectories(logDir);
            return logDir.resolve(step.replaceAll("[^A-Za-z0-9._-]+", "-") + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
