package dev.twin.runtime.local;

import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.lambda.TwinHandler;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Benchmark (run by twin-runtime/bench/stream.sh, not a test): (1) the model's first token to the
 * first delta byte at a raw-socket client of the dev server, (2) the same through the Lambda front
 * writing to a streaming output, (3) warm POST /chat turns over one kept-alive connection (offline
 * model, local store), or against another server given as a URL. Prints p50/p99/max in ms.
 */
public final class StreamBench {

    private StreamBench() {}

    /** A model that sleeps {@code gapMs} before each of {@code words} words; stamps the first. */
    static final class StampingModel implements ChatModel {
        volatile long firstToken;
        final int words;
        final long gapMs;

        StampingModel(int words, long gapMs) {
            this.words = words;
            this.gapMs = gapMs;
        }

        @Override
        public ModelReply reply(ModelRequest request) {
            return new ModelReply("w ".repeat(words).strip(), -1, -1);
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            for (int i = 0; i < words; i++) {
                try {
                    Thread.sleep(gapMs);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (i == 0) {
                    firstToken = System.nanoTime();
                }
                sink.accept(i < words - 1 ? "w " : "w");
            }
            return reply(request);
        }

        @Override
        public String describe() {
            return "stamping";
        }
    }

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        String other = args.length > 1 ? args[1] : null;
        if (other != null) {
            print("warm POST /chat, keep-alive, " + other, warm(URI.create(other), turns));
            return;
        }
        Map<String, String> env = new HashMap<>();
        env.put("TWIN_NAME", "Bench");
        env.put("TWIN_RATE_LIMIT_IP_PER_MINUTE", "0");
        env.put("TWIN_RATE_LIMIT_SESSION_PER_MINUTE", "0");
        env.put("TWIN_DAILY_MODEL_CALLS", "0");
        env.put("TWIN_DAILY_MODEL_TOKENS", "0");
        Settings settings = Settings.from(env);
        BundledPersonaSource persona = new BundledPersonaSource();

        StampingModel model = new StampingModel(5, 20);
        Wiring wiring =
                Wiring.of(
                        model,
                        new InMemoryConversationStore(),
                        persona,
                        settings,
                        Telemetry.discard());
        try (DevServer server = DevServer.start(wiring, null, 0)) {
            print(
                    "dev server: first token -> first delta byte at the client",
                    devServer(server, model, turns));
        }
        TwinHandler handler = new TwinHandler(wiring.routes(), null);
        print(
                "Lambda front (function URL event, streaming output): first token -> first delta write",
                lambda(handler, model, turns));

        Path memory = Files.createTempDirectory("stream-bench");
        Wiring offline =
                Wiring.of(
                        new OfflineChatModel(persona, "Bench"),
                        new LocalConversationStore(memory),
                        persona,
                        settings,
                        Telemetry.discard());
        try (DevServer server = DevServer.start(offline, null, 0)) {
            print(
                    "warm POST /api/chat, keep-alive, offline model, local store",
                    warm(server.uri().resolve("/api/chat"), turns));
        }
    }

    private static double[] devServer(DevServer server, StampingModel model, int turns)
            throws Exception {
        double[] ms = new double[turns];
        byte[] body = "{\"message\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        String head =
                "POST /api/chat/stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length
                        + "\r\n\r\n";
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int t = -20; t < turns; t++) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                StringBuilder seen = new StringBuilder();
                long firstDelta = 0;
                while (true) {
                    int c = in.read();
                    if (c < 0) {
                        throw new IllegalStateException("connection closed");
                    }
                    seen.append((char) c);
                    if (firstDelta == 0 && seen.indexOf("event: delta") >= 0) {
                        firstDelta = System.nanoTime();
                    }
                    if (seen.indexOf("\r\n0\r\n\r\n") >= 0) {
                        break;
                    }
                }
                if (t >= 0) {
                    ms[t] = (firstDelta - model.firstToken) / 1e6;
                }
            }
        }
        return ms;
    }

    private static double[] lambda(TwinHandler handler, StampingModel model, int turns)
            throws Exception {
        double[] ms = new double[turns];
        byte[] event =
                ("{\"version\":\"2.0\",\"rawPath\":\"/api/chat/stream\",\"rawQueryString\":\"\","
                                + "\"headers\":{\"content-type\":\"application/json\"},"
                                + "\"requestContext\":{\"domainName\":\"x.lambda-url.eu-west-1.on.aws\",\"requestId\":\"b\",\"stage\":\"$default\","
                                + "\"http\":{\"method\":\"POST\",\"path\":\"/api/chat/stream\",\"sourceIp\":\"203.0.113.9\"}},"
                                + "\"body\":\"{\\\"message\\\":\\\"hi\\\"}\",\"isBase64Encoded\":false}")
                        .getBytes(StandardCharsets.UTF_8);
        for (int t = -20; t < turns; t++) {
            long[] first = {0};
            OutputStream out =
                    new OutputStream() {
                        @Override
                        public void write(int b) {}

                        @Override
                        public void write(byte[] b, int off, int len) {
                            if (first[0] == 0) {
                                first[0] = System.nanoTime();
                            }
                        }
                    };
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            if (t >= 0) {
                ms[t] = (first[0] - model.firstToken) / 1e6;
            }
        }
        return ms;
    }

    private static double[] warm(URI uri, int turns) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] ms = new double[turns];
        String session = null;
        for (int t = -100; t < turns; t++) {
            String body =
                    session == null || t % 10 == 0
                            ? "{\"message\":\"What do you do for work?\"}"
                            : "{\"message\":\"What do you do for work?\",\"session_id\":\""
                                    + session
                                    + "\"}";
            long start = System.nanoTime();
            HttpResponse<String> r =
                    client.send(
                            HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            int i = r.body().indexOf("\"session_id\":\"");
            session = i < 0 ? null : r.body().substring(i + 14, r.body().indexOf('"', i + 14));
            if (t >= 0) {
                ms[t] = (end - start) / 1e6;
            }
        }
        return ms;
    }

    private static void print(String what, double[] ms) {
        Arrays.sort(ms);
        System.out.printf(
                "%s: n=%d p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                what,
                ms.length,
                ms[ms.length / 2],
                ms[(int) Math.ceil(ms.length * 0.99) - 1],
                ms[ms.length - 1]);
    }
}
