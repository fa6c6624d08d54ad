package dev.twin.maven.core;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a child process, streaming its merged output line by line, and stops it when the JVM is
 * interrupted.
 */
public final class Processes {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[ -/]*[@-~]");
    private static final int TAIL_LINES = 60;

    /** The exit code and the last lines of output (for error messages). */
    public record Outcome(int exitCode, List<String> tail) {
        public Outcome {
            tail = List.copyOf(tail);
        }
    }

    private Processes() {}

    public static Outcome run(
            List<String> command, Path workDir, Map<String, String> extraEnv, TwinLog log) {
        return run(command, workDir, extraEnv, log, Duration.ZERO);
    }

    /**
     * As {@link #run(List, Path, Map, TwinLog)}, stopping the process after {@code maxRun} (zero:
     * no limit).
     */
    public static Outcome run(
            List<String> command,
            Path workDir,
            Map<String, String> extraEnv,
            TwinLog log,
            Duration maxRun) {
        return run(command, workDir, extraEnv, log, maxRun, false);
    }

    /**
     * As {@link #run(List, Path, Map, TwinLog)}; {@code interactive} gives the child this JVM's
     * input (the terminal), and shows a question it prints without a line end as soon as it waits.
     */
    public static Outcome run(
            List<String> command,
            Path workDir,
            Map<String, String> extraEnv,
            TwinLog log,
            boolean interactive) {
        return run(command, workDir, extraEnv, log, Duration.ZERO, interactive);
    }

    private static Outcome run(
            List<String> command,
            Path workDir,
            Map<String, String> extraEnv,
            TwinLog log,
            Duration maxRun,
            boolean interactive) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (interactive) {
            builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutableNotFoundException(command.get(0), e.getMessage());
        }
        // Ctrl-C in Maven ends the JVM; the child must not outlive it.
        Thread stopper = new Thread(() -> stop(process), "twin-stop-" + command.get(0));
        Runtime.getRuntime().addShutdownHook(stopper);
        Timer timer = null;
        if (!maxRun.isZero() && !maxRun.isNegative()) {
            timer = new Timer("twin-max-run", true);
            timer.schedule(
                    new TimerTask() {
                        @Override
                        public void run() {
                            log.info("Stopping after " + maxRun.toSeconds() + " s");
                            stop(process);
                        }
                    },
                    maxRun.toMillis());
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean shownPartly = false;
            for (int c = out.read(); c >= 0; c = out.read()) {
                if (c == '\n') {
                    if (!shownPartly || !line.isEmpty()) {
                        emit(line, log, tail);
                    }
                    line.setLength(0);
                    shownPartly = false;
                } else if (c != '\r') {
                    line.append((char) c);
                    // A prompt ("(y/n)?") has no line end: show it once the child waits for input.
                    if (interactive && !out.ready()) {
                        emit(line, log, tail);
                        line.setLength(0);
                        shownPartly = true;
                    }
                }
            }
            if (!line.isEmpty()) {
                emit(line, log, tail);
            }
            return new Outcome(process.waitFor(), List.copyOf(tail));
        } catch (IOException e) {
            throw new UncheckedIOException("Lost the output of " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static void emit(CharSequence line, TwinLog log, Deque<String> tail) {
        String clean = ANSI.matcher(line).replaceAll("");
        log.info(clean);
        tail.addLast(clean);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
    }

    /**
     * Asks the process (and its children) to stop, then forces it after a grace period. Signals go
     * through its {@link ProcessHandle}: {@link Process#destroy()} would also close the pipe that
     * {@link #run} is still reading, losing what the child prints while it stops (a JVM writing its
     * class-data archive at exit takes a moment) and failing the read with "Stream closed".
     */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        process.descendants().forEach(ProcessHandle::destroy);
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    /** The full path of an executable on the PATH ({@code .cmd}/{@code .exe} tried on Windows). */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        for (String dir : path.split(File.pathSeparator)) {
            for (String n : names) {
                Path candidate = Path.of(dir).resolve(n);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
