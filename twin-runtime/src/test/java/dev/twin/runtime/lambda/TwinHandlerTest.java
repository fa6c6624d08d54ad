package dev.twin.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.observe.Telemetry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "https://d111111abcdef8.cloudfront.net";

    @TempDir Path memoryDir;

    private TwinHandler handler;
    private LocalConversationStore store;
    private final List<String> logLines = new ArrayList<>();

    @BeforeEach
    void setUp() {
        BundledPersonaSource persona = new BundledPersonaSource();
        store = new LocalConversationStore(memoryDir);
        ChatService chat =
                new ChatService(
                        new OfflineChatModel(persona, "Ada Quill"),
                        store,
                        persona,
                        ChatSettings.defaults("Ada Quill"),
                        Clock.systemUTC());
        handler =
                new TwinHandler(
                        new Routes(chat, new Telemetry("Ada Quill", logLines::add)),
                        SITE + ", http://localhost:8080");
    }

    private static String event(String name) throws Exception {
        try (InputStream in = TwinHandlerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static JsonNode body(JsonNode response) throws Exception {
        return JSON.readTree(response.get("body").asText());
    }

    @Test
    void postChat_base64BodyUnderApiPrefix_answersWithCorsForTheSite() throws Exception {
        // When
        JsonNode r = invoke(event("post-chat-base64.json"));

        // Then
        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(r.at("/headers/content-type").asText()).startsWith("application/json");
        assertThat(r.at("/headers/access-control-allow-origin").asText()).isEqualTo(SITE);
        assertThat(r.at("/headers/vary").asText()).isEqualTo("origin");
        JsonNode body = body(r);
        assertThat(body.get("response").asText())
                .contains("Offline mode")
                .containsIgnoringCase("consultant");
        SessionId id = SessionId.parse(body.get("session_id").asText());
        assertThat(store.find(id)).isPresent();
        assertThat(logLines).singleElement().asString().contains("\"requestId\":\"Ex4mPlEr3qId=\"");
    }

    @Test
    void followUpAndConversation_plainBodyAndPathParameters_seeTheWholeConversation()
            throws Exception {
        // Given
        String id = body(invoke(event("post-chat-base64.json"))).get("session_id").asText();

        // When
        JsonNode second = invoke(event("post-chat-followup-plain.json").replace("SESSION_ID", id));
        JsonNode conversation = invoke(event("get-conversation.json").replace("SESSION_ID", id));

        // Then
        assertThat(second.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(second).get("response").asText()).contains("French");
        assertThat(conversation.get("statusCode").asInt()).isEqualTo(200);
        JsonNode messages = body(conversation).get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(2).get("content").asText())
                .isEqualTo("Which languages do you speak?");
    }

    @Test
    void preflight_fromTheSite_answers204WithCorsHeaders() throws Exception {
        JsonNode r = invoke(event("options-preflight.json"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(204);
        assertThat(r.at("/headers/access-control-allow-origin").asText()).isEqualTo(SITE);
        assertThat(r.at("/headers/access-control-allow-methods").asText()).contains("POST");
        assertThat(r.at("/headers/access-control-allow-headers").asText()).contains("content-type");
        assertThat(r.get("body").asText()).isEmpty();
    }

    @Test
    void preflight_fromAnotherOrigin_getsNoCorsHeaders() throws Exception {
        JsonNode r = invoke(event("options-preflight.json").replace(SITE, "https://evil.example"));

        assertThat(r.get("headers").has("access-control-allow-origin")).isFalse();
    }

    @Test
    void chat_fromAnotherOrigin_isAnsweredButWithoutCors() throws Exception {
        JsonNode r = invoke(event("post-chat-base64.json").replace(SITE, "https://evil.example"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(r.get("headers").has("access-control-allow-origin")).isFalse();
    }

    @Test
    void health_withANamedStageInThePath_isRouted() throws Exception {
        JsonNode r = invoke(event("get-health-named-stage.json"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body(r).get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void invalidBase64Body_answers400() throws Exception {
        JsonNode r = invoke(event("post-chat-bad-base64.json"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(r).at("/error/code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void hostileSessionIdInThePath_answers400() throws Exception {
        JsonNode r =
                invoke(
                        event("get-conversation.json")
                                .replace("SESSION_ID", "..%2F..%2Fetc%2Fpasswd"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(r).at("/error/code").asText()).isEqualTo("invalid_session_id");
    }

    @Test
    void notAnHttpApiEvent_answers400NamingTheExpectedFormat() throws Exception {
        JsonNode r = invoke("{\"Records\": []}");

        assertThat(r.get("statusCode").asInt()).isEqualTo(400);
        assertThat(body(r).at("/error/message").asText()).contains("payload format 2.0");
    }

    @Test
    void prime_answersEveryRequestAsExpected_withoutRealServices() {
        assertThat(TwinHandler.prime(3)).isEqualTo(18);
    }

    @Test
    void defaultConstructor_wiresFromTheEnvironment_andAnswersHealth() throws Exception {
        // the test JVM has no TWIN_ variables: offline model, local store, bundled sample persona
        TwinHandler fromEnv = new TwinHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        fromEnv.handleRequest(
                new ByteArrayInputStream(
                        event("get-health-named-stage.json").getBytes(StandardCharsets.UTF_8)),
                out,
                null);

        assertThat(JSON.readTree(out.toByteArray()).get("statusCode").asInt()).isEqualTo(200);
        assertThat(TwinHandler.initMillis()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void beforeCheckpoint_primesOverTheOfflinePath_withoutTouchingTheConfiguredStore()
            throws Exception {
        handler.beforeCheckpoint(null);

        assertThat(logLines).isEmpty(); // priming uses its own discarded telemetry
        try (var files = Files.list(memoryDir)) {
            assertThat(files).isEmpty(); // and its own in-memory store
        }
    }
}
