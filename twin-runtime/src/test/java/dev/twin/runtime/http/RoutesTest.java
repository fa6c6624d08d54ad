package dev.twin.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KNOWN = "3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31";
    private static final String SECRET_LOOKING_DETAIL = "/var/task/internal/Secret.java token=abc";

    private final ScriptedModel model = new ScriptedModel();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final List<String> logLines = new ArrayList<>();
    private final PersonaSource persona = fixed(new Persona(Map.of("me.txt", "I am Ana.")));

    private static PersonaSource fixed(Persona p) {
        return new PersonaSource() {
            @Override
            public Persona current() {
                return p;
            }

            @Override
            public String describe() {
                return "fixed";
            }
        };
    }

    private Routes routes(ConversationStore s, PersonaSource p) {
        ChatService chat =
                new ChatService(model, s, p, ChatSettings.defaults("Ana"), new MutableClock());
        return new Routes(chat, new Telemetry("Ana", logLines::add));
    }

    private Routes routes() {
        return routes(store, persona);
    }

    static HttpRequest request(String method, String path, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new HttpRequest(method, path, Map.of(), headers, body, "req-1");
    }

    static HttpRequest post(String path, String body) {
        return request("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpRequest get(String path) {
        return request("GET", path, null, null);
    }

    private static JsonNode json(HttpResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    static Stream<Arguments> badInput() {
        String tenKb = "a".repeat(10 * 1024);
        String big = "{\"message\":\"" + "x".repeat(64 * 1024) + "\"}";
        return Stream.of(
                // session_id in the path
                Arguments.of(
                        "path id not a uuid",
                        get("/conversation/not-a-uuid"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "path id dot-dot",
                        get("/api/conversation/../../etc/passwd"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "path id encoded slash",
                        get("/conversation/..%2F..%2Fetc%2Fpasswd"),
                        400,
                        "invalid_session_id"),
                Arguments.of("path id empty", get("/api/conversation/"), 400, "invalid_session_id"),
                Arguments.of("path id missing", get("/conversation"), 400, "invalid_session_id"),
                Arguments.of(
                        "path id 10 KB", get("/conversation/" + tenKb), 400, "invalid_session_id"),
                Arguments.of(
                        "path id uuid plus suffix",
                        get("/conversation/" + KNOWN + ".json"),
                        400,
                        "invalid_session_id"),
                // session_id in the body
                Arguments.of(
                        "body id dot-dot",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":\"../\"}"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "body id %2F",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":\"%2F\"}"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "body id empty",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":\"\"}"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "body id 10 KB",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":\"" + tenKb + "\"}"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "body id number",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":42}"),
                        400,
                        "invalid_session_id"),
                Arguments.of(
                        "body id object",
                        post("/chat", "{\"message\":\"hi\",\"session_id\":{}}"),
                        400,
                        "invalid_session_id"),
                // message
                Arguments.of(
                        "message missing",
                        post("/chat", "{\"session_id\":null}"),
                        400,
                        "invalid_message"),
                Arguments.of(
                        "message number",
                        post("/chat", "{\"message\":42}"),
                        400,
                        "invalid_message"),
                Arguments.of(
                        "message null",
                        post("/chat", "{\"message\":null}"),
                        400,
                        "invalid_message"),
                Arguments.of(
                        "message array",
                        post("/chat", "{\"message\":[\"hi\"]}"),
                        400,
                        "invalid_message"),
                Arguments.of(
                        "message blank",
                        post("/api/chat", "{\"message\":\"  \\n \"}"),
                        400,
                        "invalid_message"),
                Arguments.of(
                        "message too long",
                        post("/chat", "{\"message\":\"" + "x".repeat(4001) + "\"}"),
                        400,
                        "invalid_message"),
                // body
                Arguments.of("body over 64 KB", post("/chat", big), 413, "payload_too_large"),
                Arguments.of("malformed json", post("/chat", "{\"message\":"), 400, "invalid_json"),
                Arguments.of("json array", post("/chat", "[\"hi\"]"), 400, "invalid_json"),
                Arguments.of("json string", post("/chat", "\"hi\""), 400, "invalid_json"),
                Arguments.of("empty body", post("/chat", ""), 400, "invalid_json"),
                Arguments.of(
                        "trailing data",
                        post("/chat", "{\"message\":\"hi\"} {}"),
                        400,
                        "invalid_json"),
                Arguments.of(
                        "not utf-8",
                        request(
                                "POST",
                                "/chat",
                                "application/json",
                                new byte[] {
                                    '{',
                                    '"',
                                    'm',
                                    'e',
                                    's',
                                    's',
                                    'a',
                                    'g',
                                    'e',
                                    '"',
                                    ':',
                                    '"',
                                    (byte) 0xC3,
                                    (byte) 0x28,
                                    '"',
                                    '}'
                                }),
                        400,
                        "invalid_json"),
                Arguments.of(
                        "deep nesting",
                        post(
                                "/chat",
                                "{\"x\":"
                                        + "[".repeat(5000)
                                        + "]".repeat(5000)
                                        + ",\"message\":\"hi\"}"),
                        400,
                        "invalid_json"),
                // turn id
                Arguments.of(
                        "turn_id a number",
                        post("/chat", "{\"message\":\"hi\",\"turn_id\":12345678}"),
                        400,
                        "invalid_turn_id"),
                Arguments.of(
                        "turn_id too short",
                        post("/chat", "{\"message\":\"hi\",\"turn_id\":\"abc\"}"),
                        400,
                        "invalid_turn_id"),
                Arguments.of(
                        "turn_id with a slash",
                        post("/chat", "{\"message\":\"hi\",\"turn_id\":\"../../etc/x\"}"),
                        400,
                        "invalid_turn_id"),
                Arguments.of(
                        "turn_id too long",
                        post(
                                "/chat",
                                "{\"message\":\"hi\",\"turn_id\":\"" + "a".repeat(65) + "\"}"),
                        400,
                        "invalid_turn_id"),
                // content type
                Arguments.of(
                        "text/plain",
                        request("POST", "/chat", "text/plain", "{\"message\":\"hi\"}".getBytes()),
                        400,
                        "unsupported_content_type"),
                Arguments.of(
                        "form",
                        request(
                                "POST",
                                "/chat",
                                "application/x-www-form-urlencoded",
                                "message=hi".getBytes()),
                        400,
                        "unsupported_content_type"),
                Arguments.of(
                        "no content type",
                        request("POST", "/chat", null, "{\"message\":\"hi\"}".getBytes()),
                        400,
                        "unsupported_content_type"),
                Arguments.of(
                        "latin-1",
                        request(
                                "POST",
                                "/chat",
                                "application/json; charset=ISO-8859-1",
                                "{\"message\":\"hi\"}".getBytes()),
                        400,
                        "unsupported_content_type"),
                // routes and methods
                Arguments.of("unknown route", get("/nope"), 404, "not_found"),
                Arguments.of("unknown api route", get("/api/nope"), 404, "not_found"),
                Arguments.of("api root", get("/api"), 404, "not_found"),
                Arguments.of("GET /chat", get("/api/chat"), 405, "method_not_allowed"),
                Arguments.of(
                        "DELETE /health",
                        request("DELETE", "/health", null, null),
                        405,
                        "method_not_allowed"),
                Arguments.of(
                        "POST /conversation",
                        post("/conversation/" + KNOWN, "{}"),
                        405,
                        "method_not_allowed"),
                Arguments.of(
                        "unknown conversation",
                        get("/api/conversation/" + KNOWN),
                        404,
                        "conversation_not_found"));
    }

    @ParameterizedTest(name = "{0} -> {2} {3}")
    @MethodSource("badInput")
    void handle_badInput_answersTheStatusAndCodeWithAHelpfulJsonError(
            String name, HttpRequest request, int status, String code) throws Exception {
        // When
        HttpResponse r = routes().handle(request);

        // Then
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.headers()).containsEntry("content-type", "application/json; charset=utf-8");
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(r.bodyText()).hasSizeLessThan(600); // hostile input is never echoed in full
        assertThat(model.requests()).isEmpty();
        assertThat(store.find(SessionId.parse(KNOWN))).isEmpty();
    }

    @Test
    void handle_methodNotAllowed_saysWhichMethodsAre() {
        HttpResponse r = routes().handle(get("/chat"));

        assertThat(r.headers()).containsEntry("allow", "POST");
    }

    @Test
    void handle_contentTypeWithCharsetAndUpperCase_isAccepted() throws Exception {
        HttpResponse a =
                routes().handle(
                                request(
                                        "POST",
                                        "/chat",
                                        "application/json; charset=UTF-8",
                                        "{\"message\":\"hi\"}".getBytes()));
        HttpResponse b =
                routes().handle(
                                request(
                                        "POST",
                                        "/api/chat",
                                        "Application/JSON;charset=\"utf-8\"",
                                        "{\"message\":\"hi\"}".getBytes()));

        assertThat(a.status()).isEqualTo(200);
        assertThat(b.status()).isEqualTo(200);
    }

    @Test
    void postChat_retriedWithItsTurnId_getsTheSameAnswer_andTheConversationKeepsOneTurn()
            throws Exception {
        // Given a turn sent with the page's own turn id
        Routes routes = routes();
        HttpResponse first =
                routes.handle(
                        post("/api/chat", "{\"message\":\"hi\",\"turn_id\":\"t-0000-0001\"}"));
        String id = json(first).get("session_id").asText();

        // When the page retries it (same message, same turn id), then sends the same turn id with
        // other words
        HttpResponse again =
                routes.handle(
                        post(
                                "/api/chat",
                                "{\"message\":\"hi\",\"session_id\":\""
                                        + id
                                        + "\",\"turn_id\":\"t-0000-0001\"}"));
        HttpResponse reused =
                routes.handle(
                        post(
                                "/api/chat",
                                "{\"message\":\"bye\",\"session_id\":\""
                                        + id
                                        + "\",\"turn_id\":\"t-0000-0001\"}"));

        // Then the retry gets the stored answer, the reuse is refused, and one turn is stored
        assertThat(again.status()).isEqualTo(200);
        assertThat(json(again).get("response").asText())
                .isEqualTo(json(first).get("response").asText());
        assertThat(reused.status()).isEqualTo(409);
        assertThat(json(reused).at("/error/code").asText()).isEqualTo("turn_id_reused");
        assertThat(json(routes.handle(get("/api/conversation/" + id))).get("messages")).hasSize(2);
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void postChat_thenGetConversation_underBothPrefixes() throws Exception {
        // When
        HttpResponse first =
                routes().handle(
                                post(
                                        "/api/chat",
                                        "{\"message\":\"Where do you live?\",\"extra\":[1,{\"a\":2}]}"));
        String id = json(first).get("session_id").asText();
        HttpResponse second =
                routes().handle(
                                post(
                                        "/chat",
                                        "{\"message\":\"And why?\",\"session_id\":\""
                                                + id.toUpperCase()
                                                + "\"}"));
        HttpResponse conv = routes().handle(get("/conversation/" + id));
        HttpResponse convApi = routes().handle(get("/api/conversation/" + id + "/"));

        // Then
        assertThat(first.status()).isEqualTo(200);
        assertThat(json(first).get("response").asText()).isEqualTo("echo: Where do you live?");
        assertThat(json(second).get("session_id").asText()).isEqualTo(id);
        JsonNode messages = json(conv).get("messages");
        assertThat(json(conv).get("session_id").asText()).isEqualTo(id);
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Where do you live?");
        assertThat(messages.get(0).get("timestamp").asText()).isNotBlank();
        assertThat(convApi.bodyText()).isEqualTo(conv.bodyText());
    }

    @Test
    void handle_messageOfExactlyTheLimit_isAccepted() {
        HttpResponse r =
                routes().handle(post("/chat", "{\"message\":\"" + "x".repeat(4000) + "\"}"));

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void health_answersWithoutTouchingStorage() throws Exception {
        HttpResponse r = routes(failingStore(), persona).handle(get("/api/health"));
        HttpResponse head = routes().handle(request("HEAD", "/health", null, null));

        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("healthy");
        assertThat(head.status()).isEqualTo(200);
    }

    @Test
    void options_onAKnownRoute_answers204WithAllow() {
        HttpResponse r = routes().handle(request("OPTIONS", "/api/chat", null, null));

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.headers()).containsEntry("allow", "POST, OPTIONS");
    }

    @Test
    void options_onAConversation_doesNoWorkEvenForABadId() {
        HttpResponse r =
                routes(failingStore(), persona)
                        .handle(request("OPTIONS", "/api/conversation/not-a-uuid", null, null));

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.headers()).containsEntry("allow", "GET, HEAD, DELETE, OPTIONS");
    }

    static Stream<Arguments> modelFailures() {
        return Stream.of(
                Arguments.of(ModelException.Kind.THROTTLED, 429, "model_throttled"),
                Arguments.of(ModelException.Kind.TIMEOUT, 504, "model_timeout"),
                Arguments.of(ModelException.Kind.REFUSED, 502, "model_refused"),
                Arguments.of(ModelException.Kind.INVALID_RESPONSE, 502, "model_invalid_response"),
                Arguments.of(ModelException.Kind.ACCESS_DENIED, 502, "model_access_denied"),
                Arguments.of(ModelException.Kind.UNAVAILABLE, 503, "model_unavailable"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("modelFailures")
    void postChat_modelFailure_mapsToItsStatus_andStoresNothing(
            ModelException.Kind kind, int status, String code) throws Exception {
        // Given
        model.thenFail(new ModelException(kind, SECRET_LOOKING_DETAIL, null));

        // When
        HttpResponse r =
                routes().handle(
                                post(
                                        "/chat",
                                        "{\"message\":\"hi\",\"session_id\":\"" + KNOWN + "\"}"));

        // Then
        assertThat(r.status()).isEqualTo(status);
        assertThat(json(r).at("/error/code").asText()).isEqualTo(code);
        assertThat(r.bodyText()).doesNotContain(SECRET_LOOKING_DETAIL);
        assertThat(store.find(SessionId.parse(KNOWN))).isEmpty();
        if (status == 429 || status == 503) {
            assertThat(r.headers()).containsKey("retry-after");
        }
        JsonNode line = JSON.readTree(logLines.get(0));
        assertThat(line.get("ErrorCode").asText()).isEqualTo(code);
        assertThat(line.has("ModelLatencyMs")).isTrue();
        assertThat(line.get("Errors").asInt()).isEqualTo(1);
    }

    @Test
    void postChat_storageDown_answers503() throws Exception {
        HttpResponse r =
                routes(failingStore(), persona)
                        .handle(
                                post(
                                        "/chat",
                                        "{\"message\":\"hi\",\"session_id\":\"" + KNOWN + "\"}"));

        assertThat(r.status()).isEqualTo(503);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("storage_unavailable");
        assertThat(r.bodyText()).doesNotContain("bucket-name");
    }

    @Test
    void postChat_personaMissing_answers503(@TempDir Path emptyDir) throws Exception {
        PersonaSource none =
                new LocalPersonaSource(emptyDir, Duration.ofSeconds(60), new MutableClock());

        HttpResponse r = routes(store, none).handle(post("/chat", "{\"message\":\"hi\"}"));

        assertThat(r.status()).isEqualTo(503);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("persona_unavailable");
        assertThat(r.bodyText()).doesNotContain(emptyDir.toString());
    }

    @Test
    void postChat_conversationOverCap_answers409AskingForANewConversation() throws Exception {
        SessionId id = SessionId.parse(KNOWN);
        List<Message> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(
                    new Message(
                            i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                            "y".repeat(4000),
                            Instant.EPOCH));
        }
        store.put(new Conversation(id, many), null);

        HttpResponse r =
                routes().handle(
                                post(
                                        "/chat",
                                        "{\"message\":\"hi\",\"session_id\":\"" + KNOWN + "\"}"));

        assertThat(r.status()).isEqualTo(409);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("conversation_too_long");
        assertThat(json(r).at("/error/message").asText()).contains("start a new conversation");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void handle_bug_answers500WithoutInternals() throws Exception {
        model.thenFail(new NullPointerException(SECRET_LOOKING_DETAIL));

        HttpResponse r = routes().handle(post("/chat", "{\"message\":\"hi\"}"));

        assertThat(r.status()).isEqualTo(500);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("internal_error");
        assertThat(r.bodyText())
                .doesNotContain(SECRET_LOOKING_DETAIL)
                .doesNotContain("NullPointer")
                .contains("req-1");
    }

    @Test
    void handle_logsOneLinePerRequest_withFiguresButNeverTheMessageOrPersona() throws Exception {
        routes().handle(post("/api/chat", "{\"message\":\"my private question\"}"));

        assertThat(logLines).hasSize(1);
        JsonNode line = JSON.readTree(logLines.get(0));
        assertThat(line.get("route").asText()).isEqualTo("/chat");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("requestId").asText()).isEqualTo("req-1");
        assertThat(line.get("InputTokens").asInt()).isEqualTo(10);
        assertThat(line.get("OutputTokens").asInt()).isEqualTo(5);
        assertThat(line.has("ModelLatencyMs")).isTrue();
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText())
                .isEqualTo("DigitalTwin");
        assertThat(logLines.get(0)).doesNotContain("private question").doesNotContain("I am Ana");
    }

    private static ConversationStore failingStore() {
        return new ConversationStore() {
            @Override
            public Optional<Versioned<Conversation>> find(SessionId id) {
                throw new StoreUnavailableException("bucket-name unreachable", null);
            }

            @Override
            public String put(Conversation c, String v) {
                throw new StoreUnavailableException("bucket-name unreachable", null);
            }

            @Override
            public String describe() {
                return "failing";
            }
        };
    }

    @Test
    void damagedStoredConversation_answers409_andIsLeftUntouched(@TempDir Path memoryDir)
            throws Exception {
        // Given
        SessionId id = SessionId.parse(KNOWN);
        Path file =
                Files.createDirectories(memoryDir.resolve("conversations"))
                        .resolve(KNOWN + ".json");
        byte[] damaged =
                "{\"session_id\": \"3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31\", \"messages\": [{"
                        .getBytes(StandardCharsets.UTF_8);
        Files.write(file, damaged);
        Routes r = routes(new LocalConversationStore(memoryDir), persona);

        // When
        HttpResponse chat =
                r.handle(post("/chat", "{\"message\":\"hi\",\"session_id\":\"" + KNOWN + "\"}"));
        HttpResponse read = r.handle(get("/conversation/" + id.value()));

        // Then
        assertThat(chat.status()).isEqualTo(409);
        assertThat(json(chat).at("/error/code").asText()).isEqualTo("conversation_unreadable");
        assertThat(json(chat).at("/error/message").asText()).contains("start a new conversation");
        assertThat(read.status()).isEqualTo(409);
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void isApiPath_coversTheRoutesWithAndWithoutPrefixAndTrailingSlash() {
        assertThat(
                        List.of(
                                "/health",
                                "/health/",
                                "/chat",
                                "/chat/",
                                "/conversation/x",
                                "/api",
                                "/api/",
                                "/api/anything"))
                .allMatch(Routes::isApiPath);
        assertThat(
                        List.of(
                                "/",
                                "/index.html",
                                "/config.json",
                                "/app.js",
                                "/apiary.html",
                                "/chatroom.css"))
                .noneMatch(Routes::isApiPath);
    }
}
