package dev.twin.runtime.adapter.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twin.contract.testing.Seeds;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.ToolSpec;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.port.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Bedrock {@code ConverseStream} against a loopback stand-in that answers with a real AWS event
 * stream (binary frames with CRCs, encoded by the event-stream library), one frame at a time.
 */
@ExtendWith(Seeds.class)
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
        assertThat(body.has("toolConfig")).as("no tools offered, none configured").isFalse();
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

    // ---- the turn's tool round -------------------------------------------------------------

    /** The turn's tools as the owner's desk offers them, recording each call it runs. */
    private static final class RecordingTools implements Tools {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public List<ToolSpec> specs() {
            return List.of(
                    new ToolSpec(
                            "record_contact",
                            "Record a visitor's contact details.",
                            List.of(
                                    new ToolSpec.Param("email", "their e-mail", true, 254),
                                    new ToolSpec.Param("note", "what about", false, 500))));
        }

        @Override
        public ToolResult call(String name, String argumentsJson) {
            calls.add(name + " " + argumentsJson);
            return ToolResult.ok("Recorded.");
        }

        @Override
        public String fallbackReply(List<ToolResult> results) {
            return "Thank you, I have passed that on.";
        }
    }

    private final RecordingTools tools = new RecordingTools();

    private ModelRequest withTools() {
        return new ModelRequest(
                "You are Ana.",
                List.of(new Message(Role.USER, "mail me at visitor@example.com", Instant.EPOCH)),
                tools);
    }

    private BedrockChatModel model(Duration budget) {
        return new BedrockChatModel(client, MODEL, 1024, 0.7f, budget);
    }

    /** A first answer: {@code said} as text deltas (block 0), then a record_contact tool use. */
    private static Script toolUse(List<String> said, String... inputFragments) {
        return ex -> {
            OutputStream out = open(ex);
            frame(out, "messageStart", "{\"role\":\"assistant\"}");
            for (String piece : said) {
                frame(out, "contentBlockDelta", textDelta(piece));
            }
            if (!said.isEmpty()) {
                frame(out, "contentBlockStop", "{\"contentBlockIndex\":0}");
            }
            frame(
                    out,
                    "contentBlockStart",
                    "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                            + "{\"toolUseId\":\"tooluse_7\",\"name\":\"record_contact\"}}}");
            for (String fragment : inputFragments) {
                frame(
                        out,
                        "contentBlockDelta",
                        "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                                + JSON.writeValueAsString(fragment)
                                + "}}}");
            }
            frame(out, "contentBlockStop", "{\"contentBlockIndex\":1}");
            frame(out, "messageStop", "{\"stopReason\":\"tool_use\"}");
            frame(out, "metadata", "{\"usage\":{\"inputTokens\":100,\"outputTokens\":20}}");
        };
    }

    /** A plain answer in text deltas; {@code usage} null: the metadata reports none. */
    private static Script answer(String usage, String... said) {
        return ex -> {
            OutputStream out = open(ex);
            frame(out, "messageStart", "{\"role\":\"assistant\"}");
            for (String piece : said) {
                frame(out, "contentBlockDelta", textDelta(piece));
            }
            frame(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
            frame(out, "metadata", usage == null ? "{}" : "{\"usage\":" + usage + "}");
        };
    }

    private static String textDelta(String text) throws IOException {
        return "{\"contentBlockIndex\":0,\"delta\":{\"text\":"
                + JSON.writeValueAsString(text)
                + "}}";
    }

    private static Script throttled() {
        return ex -> {
            byte[] b = "{\"message\":\"Too many requests\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("x-amzn-ErrorType", "ThrottlingException:http://x");
            ex.sendResponseHeaders(429, b.length);
            ex.getResponseBody().write(b);
        };
    }

    private JsonNode body(int i) throws IOException {
        return JSON.readTree(seen.get(i).body());
    }

    @Test
    void stream_toolUse_runsTheTool_sendsTheResultBack_andStreamsTheFollowUpAfterTheEarlierText()
            throws Exception {
        // Given a model that says something, asks for record_contact in fragments, then answers
        then(toolUse(List.of("Let me ", "note that."), "{\"email\":\"vis", "itor@example.com\"}"));
        then(answer("{\"inputTokens\":130,\"outputTokens\":15}", "Thanks, ", "noted."));

        // When
        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        // Then the visitor saw the early text, a blank line, and the follow-up, piece by piece
        assertThat(pieces).containsExactly("Let me ", "note that.", "\n\n", "Thanks, ", "noted.");
        assertThat(reply).isEqualTo(new ModelReply(String.join("", pieces), 230, 35));
        // the tool ran once with the joined input
        assertThat(tools.calls)
                .containsExactly("record_contact {\"email\":\"visitor@example.com\"}");
        // the first request offered the tool
        assertThat(seen).hasSize(2);
        JsonNode first = body(0);
        assertThat(first.at("/toolConfig/tools/0/toolSpec/name").asText())
                .isEqualTo("record_contact");
        assertThat(first.at("/toolConfig/tools/0/toolSpec/inputSchema/json/required/0").asText())
                .isEqualTo("email");
        assertThat(
                        first.at(
                                        "/toolConfig/tools/0/toolSpec/inputSchema/json/properties/email/type")
                                .asText())
                .isEqualTo("string");
        // the second carried the model's answer, its toolUse with the input as an object, and
        // the result under the same id
        JsonNode second = body(1);
        JsonNode messages = second.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/content/0/text").asText()).isEqualTo("Let me note that.");
        JsonNode use = messages.at("/1/content/1/toolUse");
        assertThat(use.get("toolUseId").asText()).isEqualTo("tooluse_7");
        assertThat(use.get("name").asText()).isEqualTo("record_contact");
        assertThat(use.get("input").isObject()).isTrue();
        assertThat(use.at("/input/email").asText()).isEqualTo("visitor@example.com");
        assertThat(messages.at("/2/role").asText()).isEqualTo("user");
        JsonNode result = messages.at("/2/content/0/toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo("tooluse_7");
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.at("/content/0/text").asText()).isEqualTo("Recorded.");
        // Bedrock wants the tools configured again once the history holds tool blocks
        assertThat(second.at("/toolConfig/tools/0/toolSpec/name").asText())
                .isEqualTo("record_contact");
    }

    @Test
    void stream_toolInputThatIsNotJson_isAToolErrorTheModelReads_andTheVisitorStillGetsAnAnswer()
            throws Exception {
        // Given a tool use whose input breaks off mid-string
        then(toolUse(List.of(), "{\"email\":\"vis"));
        then(answer("{\"inputTokens\":1,\"outputTokens\":1}", "Could you send that again?"));

        // When
        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        // Then the tool did not run, the model read an error, and the visitor got its answer
        assertThat(tools.calls).isEmpty();
        assertThat(reply.text()).isEqualTo("Could you send that again?");
        assertThat(pieces).containsExactly("Could you send that again?");
        JsonNode messages = body(1).get("messages");
        assertThat(messages.at("/1/content/0/toolUse/input").isObject()).isTrue();
        assertThat(messages.at("/1/content/0/toolUse/input")).isEmpty();
        JsonNode result = messages.at("/2/content/0/toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo("tooluse_7");
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.at("/content/0/text").asText()).contains("not a valid JSON object");
    }

    @Test
    void stream_toolInputOverTheCap_isNotKept_andTheModelReadsWhyNothingWasDone() throws Exception {
        // Given a tool use whose input keeps coming past the cap
        String chunk = "x".repeat(4_096);
        String[] fragments = new String[6];
        fragments[0] = "{\"email\":\"visitor@example.com\",\"note\":\"";
        for (int i = 1; i < 5; i++) {
            fragments[i] = chunk;
        }
        fragments[5] = "\"}";
        then(toolUse(List.of(), fragments));
        then(answer("{\"inputTokens\":1,\"outputTokens\":1}", "Noted nothing."));

        // When
        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        // Then the tool did not run; the model read why, with an empty input under the same id
        assertThat(tools.calls).isEmpty();
        assertThat(reply.text()).isEqualTo("Noted nothing.");
        JsonNode messages = body(1).get("messages");
        assertThat(messages.at("/1/content/0/toolUse/input")).isEmpty();
        JsonNode result = messages.at("/2/content/0/toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo("tooluse_7");
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.at("/content/0/text").asText())
                .contains("over " + ToolRound.MAX_ARGUMENT_CHARS + " characters");
    }

    @Test
    void stream_toolUseWithoutTimeLeft_handsOverTheFallback_withoutRunningTheTool()
            throws Exception {
        // Given a budget below the tools' reserve
        then(toolUse(List.of("One moment."), "{\"email\":\"visitor@example.com\"}"));

        // When
        ModelReply reply =
                model(ToolRound.TOOLS_RESERVE.minusSeconds(1)).stream(withTools(), pieces::add);

        // Then the fallback came as a delta after the early text, and nothing else was called
        assertThat(pieces)
                .containsExactly("One moment.", "\n\n", "Thank you, I have passed that on.");
        assertThat(reply).isEqualTo(new ModelReply(String.join("", pieces), 100, 20));
        assertThat(tools.calls).isEmpty();
        assertThat(seen).hasSize(1);
    }

    @Test
    void stream_followUpWithoutText_handsOverTheFallback() throws Exception {
        then(toolUse(List.of(), "{\"email\":\"visitor@example.com\"}"));
        then(answer("{\"inputTokens\":5,\"outputTokens\":0}"));

        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        assertThat(pieces).containsExactly("Thank you, I have passed that on.");
        assertThat(reply).isEqualTo(new ModelReply("Thank you, I have passed that on.", 105, 20));
        assertThat(tools.calls).hasSize(1);
    }

    @Test
    void stream_guardStopsTheFirstCall_noToolRuns_andNoFollowUpIsMade() throws Exception {
        // Given a model that would ask for a tool after its text
        then(toolUse(List.of("Here is my ", "system prompt"), "{\"email\":\"a@b.example\"}"));

        // When the guard stops the reply at its first piece
        ModelReply reply =
                model(BedrockChatModel.CALL_TIMEOUT).stream(
                        withTools(),
                        p -> {
                            pieces.add(p);
                            return false;
                        });

        // Then
        assertThat(pieces).containsExactly("Here is my ");
        assertThat(reply.text()).isEqualTo("Here is my ");
        assertThat(tools.calls).isEmpty();
        assertThat(seen).hasSize(1);
    }

    @Test
    void stream_followUpThrottledAfterTextWasShown_isNotRetried_andEndsWithTheModelError() {
        // Given early text, a tool use, then a throttled follow-up (a retry would answer)
        then(toolUse(List.of("Noting it."), "{\"email\":\"visitor@example.com\"}"));
        then(throttled());
        then(answer("{\"inputTokens\":1,\"outputTokens\":1}", "Too late."));

        // When / Then
        assertThatThrownBy(
                        () -> model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.THROTTLED);
        assertThat(tools.calls).hasSize(1);
        assertThat(pieces).containsExactly("Noting it.");
        assertThat(seen).hasSize(2);
    }

    @Test
    void stream_followUpThrottledBeforeAnyText_isRetried_andUnknownUsageMakesTheTokensUnknown()
            throws Exception {
        // Given a tool use with no text, a throttled follow-up, then one that reports no usage
        then(toolUse(List.of(), "{\"email\":\"visitor@example.com\"}"));
        then(throttled());
        then(answer(null, "Thanks, ", "noted."));

        // When
        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        // Then the retry answered, with no separator before it, and the tool ran once
        assertThat(pieces).containsExactly("Thanks, ", "noted.");
        assertThat(reply).isEqualTo(new ModelReply("Thanks, noted.", -1, -1));
        assertThat(tools.calls).hasSize(1);
        assertThat(seen).hasSize(3);
        assertThat(body(2).at("/messages/2/content/0/toolResult/toolUseId").asText())
                .isEqualTo("tooluse_7");
    }

    /**
     * Any split of the model's text and of the tool input into pieces: the tool gets the joined
     * input, the follow-up carries it as an object, and the visitor's pieces join to the reply
     * (early text, a blank line if both parts have text, then the follow-up or the fallback). A cut
     * input (the negative case) runs no tool and sends an error result.
     */
    @TestFactory
    Stream<DynamicTest>
            stream_anySplitOfTextAndToolInput_reachesTheToolWhole_andThePiecesJoinToTheReply() {
        RandomGenerator random = Seeds.random(BedrockStreamingTest.class);
        List<DynamicTest> cases = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<String> before =
                    pieces(random, random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(4));
            if (random.nextInt(8) == 0) {
                before = List.of("  ");
            }
            List<String> after = pieces(random, random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(4));
            Map<String, String> args = new LinkedHashMap<>();
            args.put("email", word(random, 1 + random.nextInt(12)) + "@example.com");
            if (random.nextBoolean()) {
                args.put("note", word(random, random.nextInt(40)));
            }
            boolean cut = random.nextInt(5) == 0;
            List<String> beforeCase = before;
            cases.add(
                    DynamicTest.dynamicTest(
                            "#" + i + (cut ? " cut input" : "") + " " + before + " " + after,
                            () -> roundTrip(random, beforeCase, after, args, cut)));
        }
        return cases.stream();
    }

    private void roundTrip(
            RandomGenerator random,
            List<String> before,
            List<String> after,
            Map<String, String> args,
            boolean cut)
            throws Exception {
        // Given (the factory shares one server: start from a clean slate)
        seen.clear();
        pieces.clear();
        tools.calls.clear();
        String input = JSON.writeValueAsString(args);
        if (cut) {
            input = input.substring(0, input.length() - 1 - random.nextInt(input.length() / 2));
        }
        then(toolUse(before, split(random, input).toArray(String[]::new)));
        then(answer("{\"inputTokens\":7,\"outputTokens\":3}", after.toArray(String[]::new)));

        // When
        ModelReply reply = model(BedrockChatModel.CALL_TIMEOUT).stream(withTools(), pieces::add);

        // Then
        String early = String.join("", before);
        String late =
                after.isEmpty() ? "Thank you, I have passed that on." : String.join("", after);
        String expected = early + (early.isBlank() ? "" : "\n\n") + late;
        assertThat(String.join("", pieces)).isEqualTo(reply.text()).isEqualTo(expected);
        assertThat(reply.inputTokens()).isEqualTo(107);
        assertThat(seen).hasSize(2);
        JsonNode messages = body(1).get("messages");
        JsonNode use = messages.findValue("toolUse");
        JsonNode result = messages.findValue("toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo(use.get("toolUseId").asText());
        if (cut) {
            assertThat(tools.calls).isEmpty();
            assertThat(use.get("input")).isEmpty();
            assertThat(result.get("status").asText()).isEqualTo("error");
        } else {
            // the same JSON value (the runtime's writer may escape what the test's did not)
            assertThat(tools.calls).singleElement().asString().startsWith("record_contact {");
            assertThat(JSON.readTree(tools.calls.get(0).substring("record_contact ".length())))
                    .isEqualTo(JSON.valueToTree(args));
            assertThat(use.get("input")).isEqualTo(JSON.valueToTree(args));
            assertThat(result.get("status").asText()).isEqualTo("success");
        }
    }

    /** Text with the characters that need care in JSON and event frames. */
    private static String word(RandomGenerator random, int length) {
        String alphabet = "abcxyz ABC019\"\\/\n\té€😀<>{}:,";
        StringBuilder b = new StringBuilder(length);
        while (b.length() < length) {
            int cp =
                    alphabet.codePointAt(
                            alphabet.offsetByCodePoints(
                                    0,
                                    random.nextInt(alphabet.codePointCount(0, alphabet.length()))));
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    private static List<String> pieces(RandomGenerator random, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(word(random, 1 + random.nextInt(10)));
        }
        return out;
    }

    /** {@code text} in 1..6 fragments cut anywhere between code points (escapes included). */
    private static List<String> split(RandomGenerator random, String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int parts = 1 + random.nextInt(6);
        for (int p = 1; p < parts && start < text.length(); p++) {
            int end = start + 1 + random.nextInt(Math.max(1, text.length() - start));
            if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
                end++;
            }
            end = Math.min(end, text.length());
            out.add(text.substring(start, end));
            start = end;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
