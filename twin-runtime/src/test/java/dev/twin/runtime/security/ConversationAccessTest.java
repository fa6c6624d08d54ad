package dev.twin.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.PersonaSource;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SECURITY.md's claim "nobody reads a conversation without its id", checked through the route
 * table.
 */
class ConversationAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PersonaSource PERSONA =
            new PersonaSource() {
                private final Persona persona =
                        new Persona(
                                Map.of(
                                        Persona.ME,
                                        "I am Ada. I build compilers and grow tomatoes."));

                @Override
                public Persona current() {
                    return persona;
                }

                @Override
                public String describe() {
                    return "fixed";
                }
            };

    private final Wiring twin =
            Wiring.of(
                    new OfflineChatModel(PERSONA, "Ada"),
                    new InMemoryConversationStore(),
                    PERSONA,
                    TestSettings.costGuardOff("Ada"),
                    Telemetry.discard());
    private int requests;

    @Test
    void newConversations_getRandomVersion4Ids_withNothingGuessableInThem() throws Exception {
        // Given 300 new conversations
        Set<String> ids = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            // When each starts without a session_id
            String id = JSON.readTree(chat("What do you grow?").body()).get("session_id").asText();
            ids.add(id);
            prefixes.add(id.substring(0, 8));
        }

        // Then every id is a distinct random (version 4, RFC 4122 variant) UUID, and no two share a
        // time-like prefix
        assertThat(ids)
                .hasSize(300)
                .allSatisfy(
                        id ->
                                assertThat(id)
                                        .matches(
                                                "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(prefixes).hasSizeGreaterThan(295);
    }

    @Test
    void conversationRoute_withoutAWholeId_listsNothing() throws Exception {
        // Given stored conversations
        String known = JSON.readTree(chat("What do you build?").body()).get("session_id").asText();

        for (String path :
                List.of(
                        "/api/conversation",
                        "/api/conversation/",
                        "/api/conversation/*",
                        "/api/conversation/%2A",
                        "/api/conversation/" + known.substring(0, 8),
                        "/api/conversation/..",
                        "/api/conversation/" + known + "/..",
                        "/api/conversations",
                        "/api/conversation?prefix=")) {
            // When someone asks for a list, a wildcard or a partial id
            HttpResponse r = get(path);

            // Then it is refused with the error shape, and nothing of the stored conversation comes
            // back
            assertThat(r.status()).as(path).isBetween(400, 499);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("error").path("code").asText()).as(path).isNotEmpty();
            assertThat(new String(r.body(), StandardCharsets.UTF_8))
                    .as(path)
                    .doesNotContain(known, "What do you build");
        }
    }

    @Test
    void unknownId_isAnsweredTheSameWay_whetherOrNotOtherConversationsExist() throws Exception {
        // Given an id nobody used, asked before and after other conversations exist
        String unknown = "0f8fad5b-d9cb-469f-a165-70867728950e";
        HttpResponse before = get("/api/conversation/" + unknown);
        for (int i = 0; i < 5; i++) {
            chat("Tell me about compilers");
        }

        // When it is asked again
        HttpResponse after = get("/api/conversation/" + unknown);

        // Then the answer is the same 404 both times: it tells nothing about what else is stored
        assertThat(before.status()).isEqualTo(404);
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.body()).isEqualTo(before.body());
    }

    private HttpResponse chat(String message) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("message", message));
        return twin.routes()
                .handle(
                        new HttpRequest(
                                "POST",
                                "/api/chat",
                                Map.of(),
                                Map.of("content-type", "application/json"),
                                body,
                                "sec-" + ++requests));
    }

    private HttpResponse get(String path) {
        int q = path.indexOf('?');
        return twin.routes()
                .handle(
                        new HttpRequest(
                                "GET",
                                q < 0 ? path : path.substring(0, q),
                                Map.of(),
                                Map.of(),
                                null,
                                "sec-" + ++requests));
    }
}
