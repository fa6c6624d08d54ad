package dev.twin.runtime.limit;

import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalBudgetStore;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.s3.S3BudgetStore;
import dev.twin.runtime.adapter.s3.S3Clients;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.ConversationStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One twin process of {@code BudgetAcrossProcessesTest}: wires the real route table over a shared
 * store (an S3 bucket or a memory directory) with the shared daily budget, waits for {@code go} on
 * stdin, sends its chat turns on several threads at once, and prints {@code RESULT status:code=n
 * ...}. Turns that are refused for the day must say "come back tomorrow" (the page's words).
 *
 * <p>Arguments: {@code s3 <endpoint> <bucket> | dir <path>}, then {@code <budget> <lease> <turns>
 * <threads>}.
 */
public final class BudgetWorker {

    public static void main(String[] args) throws Exception {
        int i = 0;
        String mode = args[i++];
        ConversationStore conversations;
        BudgetStore budget;
        if (mode.equals("s3")) {
            S3Client s3 =
                    S3Clients.build(
                            URI.create(args[i++]),
                            S3ProxyServer.CREDENTIALS,
                            S3ProxyServer.PATIENT);
            String bucket = args[i++];
            conversations = new S3ConversationStore(s3, bucket);
            budget = new S3BudgetStore(s3, bucket);
        } else {
            Path dir = Path.of(args[i++]);
            conversations = new LocalConversationStore(dir);
            budget = new LocalBudgetStore(dir);
        }
        String calls = args[i++];
        String lease = args[i++];
        int turns = Integer.parseInt(args[i++]);
        int threads = Integer.parseInt(args[i]);
        Settings settings =
                Settings.from(
                        Map.of(
                                "TWIN_DAILY_MODEL_CALLS", calls,
                                "TWIN_DAILY_MODEL_TOKENS", "0",
                                "TWIN_DAILY_BUDGET_LEASE", lease,
                                "TWIN_RATE_LIMIT_IP_PER_MINUTE", "0",
                                "TWIN_RATE_LIMIT_SESSION_PER_MINUTE", "0"));
        BundledPersonaSource persona = new BundledPersonaSource();
        Wiring wiring =
                Wiring.of(
                        new OfflineChatModel(persona, "Ada Quill"),
                        conversations,
                        persona,
                        settings,
                        Telemetry.discard(),
                        budget);
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicInteger withoutTomorrow = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            int n = t;
            done.add(
                    pool.submit(
                            () -> {
                                HttpResponse r =
                                        wiring.routes()
                                                .handle(
                                                        new HttpRequest(
                                                                "POST",
                                                                "/api/chat",
                                                                Map.of(),
                                                                Map.of(
                                                                        "content-type",
                                                                        "application/json"),
                                                                ("{\"message\":\"question "
                                                                                + n
                                                                                + "\"}")
                                                                        .getBytes(
                                                                                StandardCharsets
                                                                                        .UTF_8),
                                                                "turn-" + n));
                                String body = new String(r.body(), StandardCharsets.UTF_8);
                                String key = Integer.toString(r.status());
                                int code = body.indexOf("\"code\":\"");
                                if (code >= 0) {
                                    key +=
                                            ":"
                                                    + body.substring(
                                                            code + 8, body.indexOf('"', code + 8));
                                }
                                if (r.status() == 429 && !body.contains("come back tomorrow")) {
                                    withoutTomorrow.incrementAndGet();
                                }
                                counts.computeIfAbsent(key, k -> new AtomicInteger())
                                        .incrementAndGet();
                                return null;
                            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        ((SharedDailyBudget) wiring.budget()).close();
        StringBuilder out = new StringBuilder("RESULT");
        new TreeMap<>(counts).forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        out.append(" no-tomorrow=").append(withoutTomorrow.get());
        System.out.println(out);
    }
}
