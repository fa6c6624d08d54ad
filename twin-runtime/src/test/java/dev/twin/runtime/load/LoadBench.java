package dev.twin.runtime.load;

import dev.twin.runtime.observe.Telemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): the local server under {@code sessions} concurrent visitors of {@code
 * turns} turns each, offline model, once per conversation store; prints a Markdown table and exits
 * 1 if any turn failed or was lost. Run by {@code twin-runtime/bench/load.sh}; arguments: {@code
 * [sessions=50] [turns=20] [stores=s3,local] [server=fork|same]}.
 *
 * <p>{@code fork} (default) runs the server in its own JVM with default options, as {@code mvn
 * twin:run} does ({@code java -jar}): the generator's threads, allocation and GC then don't share a
 * heap or a safepoint with the server's, only the two cores. {@code same} runs it inside this JVM.
 * The environment variable {@code SERVER_JAVA_OPTS} adds options to the forked server's JVM.
 */
public final class LoadBench {

    private LoadBench() {}

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<TwinUnderLoad.Store> stores = new ArrayList<>();
        for (String s : (args.length > 2 ? args[2] : "s3,local").split(",")) {
            stores.add(TwinUnderLoad.Store.parse(s));
        }
        boolean fork = !(args.length > 3 && args[3].equals("same"));
        if (args.length > 3 && !args[3].equals("same") && !args[3].equals("fork")) {
            throw new IllegalArgumentException(
                    "unknown server mode '" + args[3] + "': use fork or same");
        }
        // enough turns for the JIT of both JVMs to settle on the hot path, at the measured
        // concurrency
        int warmSessions = Math.min(sessions, 50);
        int warmTurns = Math.min(turns, 5);
        Path work = Files.createDirectories(Path.of("target", "load"));

        List<String> rows = new ArrayList<>();
        List<String> details = new ArrayList<>();
        boolean passed = true;
        for (TwinUnderLoad.Store store : stores) {
            System.err.printf(
                    Locale.ROOT,
                    "== %s: starting the server (%s)%n",
                    store.label(),
                    fork ? "own JVM" : "this JVM");
            Path log = work.resolve("server-" + store.name().toLowerCase(Locale.ROOT) + ".log");
            LoadGenerator.Result r;
            LoadAverage load;
            boolean warmPassed;
            String fds;
            try (Target target =
                    fork ? Target.forked(store, work, log) : Target.inProcess(store, work, log)) {
                LoadGenerator generator = new LoadGenerator(target.uri());
                LoadGenerator.Result warm = generator.run(warmSessions, warmTurns, "warm-up");
                System.err.printf(
                        Locale.ROOT,
                        "   warm-up %d x %d: %s%n",
                        warmSessions,
                        warmTurns,
                        warm.passed() ? "ok" : "FAILED " + warm.problems());
                long fdsWarm = openFiles(target.pid());
                load = LoadAverage.start();
                r = generator.run(sessions, turns, "load");
                load.stop();
                System.err.printf(
                        Locale.ROOT,
                        "   %d x %d: %s in %.2f s%n",
                        sessions,
                        turns,
                        r.passed() ? "ok" : "FAILED",
                        r.seconds());
                // a leak grows with requests (1 000+ here); the client's open keep-alive
                // connections do not
                fds = fdsWarm < 0 ? "n/a" : fdsWarm + " / " + openFiles(target.pid());
                warmPassed = warm.passed();
                if (!warmPassed) {
                    details.add(
                            "- "
                                    + store.label()
                                    + ", warm-up: errors "
                                    + warm.errors()
                                    + ", lost turns "
                                    + warm.lostTurns()
                                    + ", problems: "
                                    + warm.problems());
                }
            }
            passed &= warmPassed && r.passed();
            long[] server = serverChatLatencies(log, r.answered());
            rows.add(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d × %d | %d | %.2f | %.0f | %.1f | %.1f | %.1f | %.1f | %s | %d | %d | %s | %s | %s |",
                            store.label(),
                            sessions,
                            turns,
                            r.answered(),
                            r.seconds(),
                            r.turnsPerSecond(),
                            r.percentileMs(50),
                            r.percentileMs(90),
                            r.percentileMs(99),
                            r.maxMs(),
                            server.length == 0
                                    ? "n/a"
                                    : server[pct(server.length, 50)]
                                            + " / "
                                            + server[pct(server.length, 99)],
                            r.errors(),
                            r.lostTurns(),
                            fds,
                            load.describe(),
                            r.passed() && warmPassed ? "PASS" : "**FAIL**"));
            if (!r.passed()) {
                details.add("- " + store.label() + ": problems: " + r.problems());
            }
        }

        String jdk =
                System.getProperty("java.runtime.version")
                        + " ("
                        + System.getProperty("java.vm.vendor")
                        + ")";
        System.out.printf(
                Locale.ROOT,
                "Load: %d concurrent sessions × %d turns, offline model, server in %s; "
                        + "warm-up %d × %d per store, not measured.%n%n",
                sessions,
                turns,
                fork ? "its own JVM (default options, as `mvn twin:run`)" : "the generator's JVM",
                warmSessions,
                warmTurns);
        System.out.printf(
                Locale.ROOT,
                "Machine: %d cores, %s RAM, JDK %s; generator: JDK HttpClient (HTTP/1.1 keep-alive),"
                        + " one platform thread per session.%n%n",
                Runtime.getRuntime().availableProcessors(),
                memory(),
                jdk);
        System.out.println(
                "| store | sessions × turns | turns answered | total s | turns/s | p50 ms | p90 ms | p99 ms"
                        + " | max ms | server p50 / p99 ms | errors | lost turns | server open fds (after warm-up / after run) | load avg 1 min (start / max / end) | result |");
        System.out.println(
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |");
        rows.forEach(System.out::println);
        if (!details.isEmpty()) {
            System.out.println();
            details.forEach(System.out::println);
        }
        System.out.flush();
        // the HTTP client's selector threads are daemons, s3proxy is stopped: exit with the verdict
        System.exit(passed ? 0 : 1);
    }

    /** The server under load, in this JVM or its own. */
    private interface Target extends AutoCloseable {
        URI uri();

        /**
         * The server's process (this one in {@code same} mode), to count its open file descriptors.
         */
        long pid();

        @Override
        void close() throws Exception;

        static Target inProcess(TwinUnderLoad.Store store, Path work, Path log) throws Exception {
            OutputStream out = Files.newOutputStream(log);
            Telemetry telemetry =
                    new Telemetry(
                            TwinUnderLoad.TWIN_NAME,
                            line -> {
                                synchronized (out) {
                                    try {
                                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                }
                            });
            Path memory = Files.createTempDirectory(work, "memory-");
            TwinUnderLoad twin = TwinUnderLoad.start(store, memory, null, telemetry);
            return new Target() {
                @Override
                public URI uri() {
                    return twin.uri();
                }

                @Override
                public long pid() {
                    return ProcessHandle.current().pid();
                }

                @Override
                public void close() throws IOException {
                    twin.close();
                    out.close();
                    deleteTree(memory);
                }
            };
        }

        static Target forked(TwinUnderLoad.Store store, Path work, Path log) throws Exception {
            String name = store.name().toLowerCase(Locale.ROOT);
            Path uriFile = work.resolve("server-" + name + ".uri");
            Files.deleteIfExists(uriFile);
            Path memory = Files.createTempDirectory(work, "memory-");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            // none by default, as twin:run's `java -jar`; SERVER_JAVA_OPTS to try e.g.
            // -Dhttp.maxConnections=16
            String opts = System.getenv().getOrDefault("SERVER_JAVA_OPTS", "").trim();
            if (!opts.isEmpty()) {
                command.addAll(List.of(opts.split("\\s+")));
            }
            command.addAll(
                    List.of(
                            "-cp",
                            System.getProperty("java.class.path"),
                            LoadServer.class.getName(),
                            name,
                            memory.toString(),
                            uriFile.toString()));
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(uriFile)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException(
                            "the server JVM did not start ("
                                    + (p.isAlive() ? "timeout" : "exit " + p.exitValue())
                                    + "); see "
                                    + log.toAbsolutePath());
                }
                Thread.sleep(50);
            }
            URI uri = URI.create(Files.readString(uriFile, StandardCharsets.UTF_8).trim());
            return new Target() {
                @Override
                public URI uri() {
                    return uri;
                }

                @Override
                public long pid() {
                    return p.pid();
                }

                @Override
                public void close() throws Exception {
                    p.getOutputStream()
                            .close(); // EOF on its stdin: it stops its server and s3proxy
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                    deleteTree(memory);
                }
            };
        }
    }

    /** Samples the 1-minute load average every second while the measured run lasts. */
    private static final class LoadAverage {
        private final ScheduledExecutorService timer;
        private final double start;
        private volatile double max;
        private volatile double end;

        private LoadAverage(ScheduledExecutorService timer, double start) {
            this.timer = timer;
            this.start = start;
            this.max = start;
        }

        static LoadAverage start() {
            ScheduledExecutorService timer =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "loadavg");
                                t.setDaemon(true);
                                return t;
                            });
            LoadAverage l = new LoadAverage(timer, read());
            timer.scheduleAtFixedRate(
                    () -> l.max = Math.max(l.max, read()), 1, 1, TimeUnit.SECONDS);
            return l;
        }

        void stop() {
            timer.shutdownNow();
            end = read();
            max = Math.max(max, end);
        }

        String describe() {
            return Double.isNaN(start)
                    ? "n/a"
                    : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", start, max, end);
        }

        private static double read() {
            try {
                return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            } catch (IOException | RuntimeException e) {
                return Double.NaN; // not Linux: the table says n/a
            }
        }
    }

    /**
     * The server's own latency of the last {@code n} {@code /chat} requests in its log (the
     * measured run's; the warm-up's come before them), sorted, in whole ms: what the server spent,
     * without the client and the network stack. Empty when the log has fewer lines.
     */
    private static long[] serverChatLatencies(Path log, int n) throws IOException {
        List<Long> ms = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = CHAT_LATENCY.matcher(line);
            if (m.find()) {
                ms.add(Long.parseLong(m.group(1)));
            }
        }
        if (n == 0 || ms.size() < n) {
            return new long[0];
        }
        return ms.subList(ms.size() - n, ms.size()).stream()
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
    }

    private static final Pattern CHAT_LATENCY =
            Pattern.compile("\"route\":\"/chat\",.*\"LatencyMs\":(\\d+)");

    /** Open file descriptors of a process (Linux), or -1. */
    private static long openFiles(long pid) {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static int pct(int length, double p) {
        return Math.max(0, Math.min(length - 1, (int) Math.ceil(p / 100.0 * length) - 1));
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a directory left under target/ is harmless
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f GB", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }
}
