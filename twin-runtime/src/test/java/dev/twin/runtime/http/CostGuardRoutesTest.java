package dev.twin.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.limit.BudgetedChatModel;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.limit.DailyBudget;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost guard as the route table applies it: 429s with the JSON error shape, and no model call.
 */
class CostGuardRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VISITOR = "203.0.113.10";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final ScriptedModel model = new ScriptedModel();
    private final List<String> logLines = new ArrayList<>();
    private final PersonaSource persona =
            new PersonaSource() {
                @Override
                public Persona current() {
                    return new Persona(Map.of("me.txt", "I am Ana."));
                }

                @Override
                public String describe() {
                    return "fixed";
                }
            };

    private Routes routes(ChatModel m, ChatRateLimit limit) {
        ChatService chat =
                new ChatService(
                        m,
                        new InMemoryConversationStore(),
                        persona,
                        ChatSettings.defaults("Ana"),
                        clock);
        return new Routes(chat, new Telemetry("Ana", logLines::add), limit);
    }

    private static HttpRequest chat(String body, String clientAddress) {
        return new HttpRequest(
                "POST",
                "/api/chat",
                Map.of(),
                Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8),
                "req-" + System.nanoTime(),
                clientAddress);
    }

    private static JsonNode json(HttpResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void chat_overTheAddressLimit_answers429WithRetryAfter_andDoesNotCallTheModel()
            throws Exception {
        // Given 10 per minute, burst 2, per address
        Routes routes = routes(model, ChatRateLimit.of(10, 2, 0, 1, 1000, clock));
        assertThat(routes.handle(chat("{\"message\":\"one\"}", VISITOR)).status()).isEqualTo(200);
        assertThat(routes.handle(chat("{\"message\":\"two\"}", VISITOR)).status()).isEqualTo(200);

        // When the third comes at once
        HttpResponse r = routes.handle(chat("{\"message\":\"three\"}", VISITOR));

        // Then
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers()).containsEntry("retry-after", "6").containsKey("x-request-id");
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limited");
        assertThat(error.get("message").asText()).contains("wait 6 seconds");
        assertThat(model.requests()).hasSize(2);
        assertThat(logLines.get(2))
                .contains("\"status\":429", "\"ErrorCode\":\"rate_limited\"")
                .doesNotContain("ModelLatencyMs");

        // And another address is not affected, and the first one is served again after the wait
        assertThat(routes.handle(chat("{\"message\":\"hi\"}", "198.51.100.7")).status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(6));
        assertThat(routes.handle(chat("{\"message\":\"four\"}", VISITOR)).status()).isEqualTo(200);
    }

    @Test
    void chat_overTheConversationLimit_answers429_evenFromAnotherAddress() throws Exception {
        // Given a conversation limit of 6 per minute, burst 1 (address limit off); the first turn
        // starts it
        Routes routes = routes(model, ChatRateLimit.of(0, 1, 6, 1, 1000, clock));
        JsonNode first = json(routes.handle(chat("{\"message\":\"one\"}", VISITOR)));
        String sessionId = first.get("session_id").asText();

        // When the conversation goes on from another address at once
        HttpResponse r =
                routes.handle(
                        chat(
                                "{\"message\":\"two\",\"session_id\":\"" + sessionId + "\"}",
                                "198.51.100.2"));

        // Then
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers()).containsEntry("retry-after", "10");
        assertThat(json(r).at("/error/message").asText())
                .contains("this conversation", "wait 10 seconds");
        assertThat(model.requests()).hasSize(1);

        // And 10 s later it goes on
        clock.advance(Duration.ofSeconds(10));
        assertThat(
                        routes.handle(
                                        chat(
                                                "{\"message\":\"two\",\"session_id\":\""
                                                        + sessionId
                                                        + "\"}",
                                                VISITOR))
                                .status())
                .isEqualTo(200);
    }

    @Test
    void invalidRequests_areRefusedBeforeTheLimit_soTheyDoNotSpendIt() throws Exception {
        // Given burst 1 per address
        Routes routes = routes(model, ChatRateLimit.of(10, 1, 0, 1, 1000, clock));

        // When malformed bodies come first
        assertThat(routes.handle(chat("{\"message\":", VISITOR)).status()).isEqualTo(400);
        assertThat(
                        routes.handle(chat("{\"message\":\"hi\",\"session_id\":\"../x\"}", VISITOR))
                                .status())
                .isEqualTo(400);

        // Then the visitor's one turn is still there
        assertThat(routes.handle(chat("{\"message\":\"hi\"}", VISITOR)).status()).isEqualTo(200);
    }

    @Test
    void healthAndConversationReads_areNeverLimited() {
        Routes routes = routes(model, ChatRateLimit.of(1, 1, 1, 1, 1000, clock));
        for (int i = 0; i < 20; i++) {
            HttpResponse r =
                    routes.handle(
                            new HttpRequest(
                                    "GET", "/api/health", Map.of(), Map.of(), null, "r", VISITOR));
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void chat_afterTheDailyBudget_answers429DailyLimit_untilMidnightUtc_withoutCallingTheModel()
            throws Exception {
        // Given a daily budget of 2 model calls, no rate limit
        Routes routes =
                routes(
                        new BudgetedChatModel(model, new DailyBudget(2, 0, clock)),
                        ChatRateLimit.off());
        routes.handle(chat("{\"message\":\"one\"}", VISITOR));
        routes.handle(chat("{\"message\":\"two\"}", "198.51.100.7"));

        // When
        HttpResponse r = routes.handle(chat("{\"message\":\"three\"}", "198.51.100.8"));

        // Then: 12:00 UTC, so 12 hours to the reset
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.headers()).containsEntry("retry-after", Long.toString(12 * 3600));
        JsonNode error = json(r).get("error");
        assertThat(error.get("code").asText()).isEqualTo("daily_limit_reached");
        assertThat(error.get("message").asText())
                .startsWith("the twin has reached its daily limit; come back tomorrow");
        assertThat(model.requests()).hasSize(2);
        assertThat(logLines.get(2)).contains("\"ErrorCode\":\"daily_limit_reached\"");

        // And the next UTC day it answers again
        clock.advance(Duration.ofHours(12));
        assertThat(routes.handle(chat("{\"message\":\"four\"}", VISITOR)).status()).isEqualTo(200);
    }
}
