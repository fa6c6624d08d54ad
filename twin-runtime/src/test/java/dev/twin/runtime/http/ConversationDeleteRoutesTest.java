package dev.twin.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code DELETE /conversation/{id}}: the holder of a conversation's id erases it. */
class ConversationDeleteRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedModel model = new ScriptedModel();
    private final InMemoryConversationStore store = new InMemoryConversationStore();
    private final List<String> logLines = new ArrayList<>();
    private final Routes routes =
            new Routes(
                    new ChatService(
                            model,
                            store,
                            new PersonaSource() {
                                @Override
                                public Persona current() {
                                    return new Persona(Map.of("me.txt", "I am Ana."));
                                }

                                @Override
                                public String describe() {
                                    return "fixed";
                                }
                            },
                            ChatSettings.defaults("Ana"),
                            new MutableClock()),
                    new Telemetry("Ana", logLines::add));

    private static HttpRequest request(String method, String path, byte[] body) {
        return new HttpRequest(
                method,
                path,
                Map.of(),
                body == null ? Map.of() : Map.of("content-type", "application/json"),
                body,
                "req-1");
    }

    private String chat(String prefix) throws Exception {
        HttpResponse r =
                routes.handle(
                        request(
                                "POST",
                                prefix + "/chat",
                                "{\"message\":\"hello\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(200);
        return JSON.readTree(r.body()).get("session_id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/api"})
    void delete_erasesTheConversation_thenGetAnswers404(String prefix) throws Exception {
        // Given a conversation with one turn
        String id = chat(prefix);
        assertThat(routes.handle(request("GET", prefix + "/conversation/" + id, null)).status())
                .isEqualTo(200);

        // When
        HttpResponse deleted =
                routes.handle(request("DELETE", prefix + "/conversation/" + id, null));

        // Then
        assertThat(deleted.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(deleted.body());
        assertThat(body.get("session_id").asText()).isEqualTo(id);
        assertThat(body.get("deleted").asBoolean()).isTrue();
        HttpResponse after = routes.handle(request("GET", prefix + "/conversation/" + id, null));
        assertThat(after.status()).isEqualTo(404);
        assertThat(JSON.readTree(after.body()).at("/error/code").asText())
                .isEqualTo("conversation_not_found");
        assertThat(store.raw(SessionId.parse(id))).isNull();
        assertThat(logLines)
                .anyMatch(
                        l ->
                                l.contains("\"route\":\"/conversation/{session_id}\"")
                                        && l.contains("\"method\":\"DELETE\""));
    }

    @Test
    void delete_unknownConversation_answers404() throws Exception {
        HttpResponse r =
                routes.handle(
                        request("DELETE", "/api/conversation/" + SessionId.random().value(), null));

        assertThat(r.status()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText())
                .isEqualTo("conversation_not_found");
    }

    @Test
    void delete_badId_answers400_andTouchesNothing() throws Exception {
        String kept = chat("");

        HttpResponse r = routes.handle(request("DELETE", "/conversation/../../persona/me", null));

        assertThat(r.status()).isIn(400, 404);
        assertThat(store.raw(SessionId.parse(kept))).isNotNull();
        HttpResponse bad = routes.handle(request("DELETE", "/conversation/not-a-uuid", null));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).at("/error/code").asText())
                .isEqualTo("invalid_session_id");
    }

    @Test
    void delete_onChat_isNotAllowed_andOptionsOnAConversationListsDelete() {
        HttpResponse chatDelete = routes.handle(request("DELETE", "/api/chat", null));
        assertThat(chatDelete.status()).isEqualTo(405);

        HttpResponse options =
                routes.handle(
                        request(
                                "OPTIONS",
                                "/api/conversation/" + SessionId.random().value(),
                                null));
        assertThat(options.headers().get("allow")).contains("DELETE");
    }
}
