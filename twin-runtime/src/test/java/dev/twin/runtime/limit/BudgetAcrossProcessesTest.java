package dev.twin.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.adapter.s3.S3GateAccess;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four separate JVMs, one shared store, one daily budget: every process runs the real route table
 * over the offline model with the shared budget ({@link BudgetWorker}), all start their concurrent
 * turns at once, and together they answer at most the budget (the calls overshoot is 0: a lease
 * never takes more than is left), every other turn being {@code 429 daily_limit_reached} with "come
 * back tomorrow". Once against one s3proxy bucket, once against one memory directory.
 */
class BudgetAcrossProcessesTest {

    private static final int PROCESSES = 4;
    private static final int BUDGET = 30;
    private static final int LEASE = 4;
    private static final int TURNS_EACH = 15;
    private static final int THREADS_EACH = 4;

    @TempDir Path memoryDir;

    @Test
    void fourProcesses_oneMemoryDirectory_shareOneBudget() throws Exception {
        Map<String, Integer> total = runWorkers(List.of("dir", memoryDir.toString()));

        assertSharedBudgetHeld(total);
        String stored =
                Files.readString(
                        memoryDir
                                .resolve("budget")
                                .resolve(LocalDate.now(ZoneOffset.UTC) + ".json"));
        assertThat(stored).contains("\"calls\":" + total.getOrDefault("200", 0) + ",");
    }

    @Test
    void fourProcesses_oneS3Bucket_shareOneBudget() throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        String bucket = "budget-fleet-" + System.nanoTime();
        s3proxy.patientClient().createBucket(b -> b.bucket(bucket));
        try (S3GateAccess gate = S3GateAccess.in(s3proxy)) {
            Map<String, Integer> total =
                    runWorkers(List.of("s3", gate.endpoint().toString(), bucket));

            assertSharedBudgetHeld(total);
            String stored =
                    s3proxy.patientClient()
                            .getObjectAsBytes(
                                    r ->
                                            r.bucket(bucket)
                                                    .key(
                                                            "budget/"
                                                                    + LocalDate.now(ZoneOffset.UTC)
                                                                    + ".json"))
                            .asUtf8String();
            assertThat(stored).contains("\"calls\":" + total.getOrDefault("200", 0) + ",");
        }
    }

    private static void assertSharedBudgetHeld(Map<String, Integer> total) {
        System.out.println("budget " + BUDGET + ", " + PROCESSES + " processes: " + total);
        int answered = total.getOrDefault("200", 0);
        int refused = total.getOrDefault("429:daily_limit_reached", 0);
        assertThat(answered)
                .as("answered turns across %d processes: %s", PROCESSES, total)
                .isLessThanOrEqualTo(BUDGET)
                // leases given back on close, so the fleet spends (nearly) all of it
                .isGreaterThanOrEqualTo(BUDGET - PROCESSES * (LEASE - 1));
        assertThat(answered + refused).as("%s", total).isEqualTo(PROCESSES * TURNS_EACH);
        assertThat(total.getOrDefault("no-tomorrow", 0)).isZero();
    }

    private Map<String, Integer> runWorkers(List<String> where) throws Exception {
        List<Process> workers = new ArrayList<>();
        try {
            for (int p = 0; p < PROCESSES; p++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add("-Xshare:auto");
                cmd.add("-XX:TieredStopAtLevel=1");
                cmd.add(BudgetWorker.class.getName());
                cmd.addAll(where);
                cmd.addAll(
                        List.of(
                                Integer.toString(BUDGET),
                                Integer.toString(LEASE),
                                Integer.toString(TURNS_EACH),
                                Integer.toString(THREADS_EACH)));
                workers.add(
                        new ProcessBuilder(cmd)
                                .redirectError(memoryDir.resolve("worker-" + p + ".err").toFile())
                                .start());
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process w : workers) {
                BufferedReader r =
                        new BufferedReader(
                                new InputStreamReader(w.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).as(errors()).isEqualTo("READY");
                outs.add(r);
            }
            for (Process w : workers) { // all start at once
                OutputStream in = w.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            Map<String, Integer> total = new HashMap<>();
            for (int p = 0; p < PROCESSES; p++) {
                String line = outs.get(p).readLine();
                while (line != null && !line.startsWith("RESULT")) {
                    line = outs.get(p).readLine(); // the runtime's own log lines
                }
                assertThat(workers.get(p).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(line).as(errors()).startsWith("RESULT");
                for (String part : line.substring(7).split(" ")) {
                    String[] kv = part.split("=");
                    total.merge(kv[0], Integer.parseInt(kv[1]), Integer::sum);
                }
            }
            return total;
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
    }

    private String errors() {
        StringBuilder b = new StringBuilder("worker stderr:\n");
        File[] files = memoryDir.toFile().listFiles((d, n) -> n.endsWith(".err"));
        if (files != null) {
            for (File f : files) {
                try {
                    b.append(Files.readString(f.toPath())).append('\n');
                } catch (IOException e) {
                    b.append(e).append('\n');
                }
            }
        }
        return b.toString();
    }
}
