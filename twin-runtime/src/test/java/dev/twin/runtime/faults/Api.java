package dev.twin.runtime.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.PersonaSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Test fixture: the real route table (what both fronts serve) wired to the adapters under test,
 * spoken to as a visitor would: {@code POST /chat} bodies in, status + JSON out.
 */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Persona PERSONA = new Persona(Map.of("me.txt", "I am Ana, a baker in Porto."));

    private final Routes routes;

    Api(ChatModel model, ConversationStore store) {
        PersonaSource persona =
                new PersonaSource() {
                    @Override
                    public Persona current() {
                        return PERSONA;
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        this.routes =
                Wiring.of(
                                model,
                                store,
                                persona,
                                Settings.from(Map.of("TWIN_NAME", "Ana")),
                                Telemetry.discard())
                        .routes();
    }

    /** A visitor's answer: status, headers and the body as a tree. */
    record Answer(int status, Map<String, String> headers, JsonNode body) {
        String errorCode() {
            return body.path("error").path("code").asText(null);
        }

        String sessionId() {
            return body.path("session_id").asText(null);
        }
    }

    Answer chat(String sessionId, String message) {
        String body =
                sessionId == null
                        ? "{\"message\":" + quote(message) + "}"
                        : "{\"message\":"
                                + quote(message)
                                + ",\"session_id\":\""
                                + sessionId
                                + "\"}";
        return send(
                new HttpRequest(
                        "POST",
                        "/api/chat",
                        Map.of(),
                        Map.of("content-type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString()));
    }

    /** As the page sends it: with its own turn id, which a Retry repeats. */
    Answer chat(String sessionId, String message, String turnId) {
        String body =
                "{\"message\":"
                        + quote(message)
                        + ",\"session_id\":\""
                        + sessionId
                        + "\",\"turn_id\":\""
                        + turnId
                        + "\"}";
        return send(
                new HttpRequest(
                        "POST",
                        "/api/chat",
                        Map.of(),
                        Map.of("content-type", "application/json"),
                        body.getBytes(StandardCharsets.UTF_8),
                        UUID.randomUUID().toString()));
    }

    Answer conversation(String sessionId) {
        return send(
                new HttpRequest(
                        "GET",
                        "/api/conversation/" + sessionId,
                        Map.of(),
                        Map.of(),
                        new byte[0],
                        UUID.randomUUID().toString()));
    }

    private Answer send(HttpRequest request) {
        HttpResponse r = routes.handle(request);
        try {
            return new Answer(r.status(), r.headers(), JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError("answer is not JSON: " + r.bodyText(), e);
        }
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
