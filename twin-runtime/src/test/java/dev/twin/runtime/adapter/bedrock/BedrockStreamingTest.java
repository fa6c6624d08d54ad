package dev.twin.runtime.adapter.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Bedrock {@code ConverseStream} against a loopback stand-in that answers with a real AWS event
 * stream (binary frames with CRCs, encoded by the event-stream library), one frame at a time.
 */
class BedrockStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "us.amazon.nova-lite-v1:0";
    private static final ModelRequest REQUEST =
            new ModelRequest("You are Ana.", List.of(new Message(Role.USER, "hi", Instant.EPOCH)));

    /** One recorded request. */
    record Seen(String path, Map<String, List<String>> headers, String body) {}

    @FunctionalInterface
    interface Script {
        void answer(HttpExchange exchange) throws Exception;
    }

    private HttpServer server;
    private ExecutorService pool;
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> pieces = new CopyOnWriteArrayList<>();
    private BedrockRuntimeClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext(
                "/model/",
                exchange -> {
                    try (exchange) {
                        seen.add(
                                new Seen(
                                        exchange.getRequestURI().getRawPath(),
                                        Map.copyOf(exchange.getRequestHeaders()),
                                        new String(
                                                exchange.getRequestBody().readAllBytes(),
                                                StandardCharsets.UTF_8)));
                        Script s;
                        synchronized (scripts) {
                            s = scripts.poll();
                        }
                        if (s == null) {
                            exchange.sendResponseHeaders(500, -1);
                        } else {
                            s.answer(exchange);
                        }
                    } catch (Exception cut) {
                        // a script that cuts the connection on purpose
                    }
                });
        server.start();
        client =
                BedrockChatModel.client(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "local-test-access-key", "local-test-secret")),
                        Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
        pool.shutdownNow();
    }

    private void then(Script s) {
        synchronized (scripts) {
            scripts.add(s);
        }
    }

    private static OutputStream open(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    /** Writes and flushes one event-stream frame. */
    private static void frame(OutputStream out, String eventType, String json) throws IOException {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.fromString("event"));
        h.put(":event-type", HeaderValue.fromString(eventType));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        new software.amazon.awssdk.eventstream.Message(h, json.getBytes(StandardCharsets.UTF_8))
                .encode(out);
        out.flush();
    }

    private static void exception(OutputStream out, String type, String message)
            throws IOException {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.fromString("exception"));
        h.put(":exception-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        new software.amazon.awssdk.eventstream.Message(
                        h, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8))
                .encode(out);
        out.flush();
    }

    private static String delta(String text) {
        return "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"},\"p\":\"abc\"}";
    }

    @Test
    void stream_handsOverEachDeltaAsItArrives_signsTheRequest_andReadsUsage() throws Exception {
        // Given: the second delta is sent only after the model passed on the first
        CountDownLatch firstSeen = new CountDownLatch(1);
        then(
                ex -> {
                    OutputStream out = open(ex);
                    frame(out, "messageStart", "{\"role\":\"assistant\"}");
                    frame(out, "contentBlockDelta", delta("Hello"));
                    assertThat(firstSeen.await(5, TimeUnit.SECONDS)).isTrue();
                    frame(out, "contentBlockDelta", delta(", I am Ana."));
                    frame(out, "contentBlockStop", "{\"contentBlockIndex\":0}");
                    frame(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
                    frame(
                            out,
                            "metadata",
                            "{\"usage\":{\"inputTokens\":21,\"outputTokens\":6,\"totalTokens\":27},\"metrics\":{\"latencyMs\":120}}");
                });

        // When
        ModelReply reply =
                new BedrockChatModel(client, MODEL)
                        .stream(
                                REQUEST,
                                p -> {
                                    pieces.add(p);
                                    firstSeen.countDown();
                                    return true;
                                });

        // Then
        assertThat(pieces).containsExactly("Hello", ", I am Ana.");
        assertThat(reply).isEqualTo(new ModelReply("Hello, I am Ana.", 21, 6));
        Seen sent = seen.get(0);
        assertThat(sent.path()).isEqualTo("/model/us.amazon.nova-lite-v1%3A0/converse-stream");
        assertThat(sent.headers().get("Authorization"))
                .singleElement()
                .asString()
                .startsWith("AWS4-HMAC-SHA256 Credential=local-test-access-key/")
                .contains("/bedrock/aws4_request")
                .contains("SignedHeaders=")
                .contains("host");
        assertThat(sent.headers()).containsKey("X-amz-date");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.at("/system/0/text").asText()).isEqualTo("You are Ana.");
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/0/content/0/text").asText()).isEqualTo("hi");
        assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(1024);
    }

    @Test
    void stream_throttledBeforeTheFirstDelta_isRetriedOnce() {
        then(
                ex -> {
                    byte[] b =
                            "{\"message\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("x-amzn-ErrorType", "ThrottlingException:http://x");
                    ex.sendResponseHeaders(429, b.length);
                    ex.getResponseBody().write(b);
                });
        then(
                ex -> {
                    OutputStream out = open(ex);
                    frame(out, "contentBlockDelta", delta("ok"));
                    frame(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
                    frame(out, "metadata", "{\"usage\":{\"inputTokens\":1,\"outputTokens\":1}}");
                });

        ModelReply reply = new BedrockChatModel(client, MODEL).stream(REQUEST, pieces::add);

        assertThat(reply.text()).isEqualTo("ok");
        assertThat(seen).hasSize(2);
    }

    @Test
    void stream_exceptionEventAfterADelta_failsWithItsKind_withoutRetrying() {
        then(
                ex -> {
                    OutputStream out = open(ex);
                    frame(out, "contentBlockDelta", delta("Hel"));
                    exception(out, "throttlingException", "slow down");
                });

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.THROTTLED);
        assertThat(pieces).containsExactly("Hel");
        assertThat(seen).hasSize(1);
    }

    @Test
    void stream_accessDenied_isAccessDenied() {
        then(
                ex -> {
                    byte[] b = "{\"message\":\"no access\"}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("x-amzn-ErrorType", "AccessDeniedException");
                    ex.sendResponseHeaders(403, b.length);
                    ex.getResponseBody().write(b);
                });

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.ACCESS_DENIED);
    }
}
