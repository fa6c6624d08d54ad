package dev.twin.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.Settings;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ScriptedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cost guard over real HTTP on the local server, configured by the TWIN_* settings. */
class DevServerCostGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ScriptedModel model = new ScriptedModel();
    private DevServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Map<String, String> env) {
        server =
                DevServer.start(
                        model,
                        new InMemoryConversationStore(),
                        new BundledPersonaSource(),
                        Settings.from(env),
                        null,
                        0);
    }

    private HttpResponse<String> chat(String body) throws Exception {
        URI uri = server.uri().resolve("/api/chat");
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConversationOverItsLimit_gets429WithRetryAfter_overHttp() throws Exception {
        // Given one turn per conversation at a time
        start(
                Map.of(
                        RuntimeEnv.NAME,
                        "Ana",
                        RuntimeEnv.RATE_LIMIT_SESSION_PER_MINUTE,
                        "6",
                        RuntimeEnv.RATE_LIMIT_SESSION_BURST,
                        "1"));
        JsonNode first = JSON.readTree(chat("{\"message\":\"hi\"}").body());

        // When the conversation goes on at once
        HttpResponse<String> r =
                chat(
                        "{\"message\":\"again\",\"session_id\":\""
                                + first.get("session_id").asText()
                                + "\"}");

        // Then
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("10");
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void theOwnerOnLoopback_isNotLimitedPerAddress() throws Exception {
        // Given an address limit of one turn (a loopback client is the owner, or a proxy every
        // visitor would share)
        start(
                Map.of(
                        RuntimeEnv.NAME,
                        "Ana",
                        RuntimeEnv.RATE_LIMIT_IP_PER_MINUTE,
                        "1",
                        RuntimeEnv.RATE_LIMIT_IP_BURST,
                        "1"));

        // When / Then: new conversations from 127.0.0.1 keep being answered
        for (int i = 0; i < 5; i++) {
            assertThat(chat("{\"message\":\"hi " + i + "\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDailyBudget_fromTwinDailyModelCalls_stopsModelCalls() throws Exception {
        // Given a budget of two model calls
        start(Map.of(RuntimeEnv.NAME, "Ana", RuntimeEnv.DAILY_MODEL_CALLS, "2"));
        chat("{\"message\":\"one\"}");
        chat("{\"message\":\"two\"}");

        // When
        HttpResponse<String> r = chat("{\"message\":\"three\"}");

        // Then
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText())
                .contains("daily limit; come back tomorrow");
        assertThat(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow()))
                .isBetween(1L, 86_400L);
        assertThat(model.requests()).hasSize(2);
    }
}
