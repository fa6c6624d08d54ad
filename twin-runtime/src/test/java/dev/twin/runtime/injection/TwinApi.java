package dev.twin.runtime.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.GuardFixtures;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.http.ResponseSink;
import dev.twin.runtime.http.SseEvent;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production route table ({@code Wiring.of}) over an in-memory store, driven as the fronts
 * drive it.
 */
final class TwinApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Wiring wiring;

    TwinApi(ChatModel model, Persona persona, String twinName) {
        this.wiring =
                Wiring.of(
                        model,
                        new InMemoryConversationStore(),
                        GuardFixtures.fixed(persona),
                        // cost guard off: the corpus replays attacks faster than any visitor types
                        TestSettings.costGuardOff(twinName),
                        Telemetry.discard());
    }

    /** What one {@code POST /api/chat} answered: status, {@code response} text and session id. */
    record Answer(int status, String text, String sessionId) {}

    Answer chat(String sessionId, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", message);
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        HttpResponse r =
                wiring.routes()
                        .handle(
                                new HttpRequest(
                                        "POST",
                                        "/api/chat",
                                        Map.of(),
                                        Map.of("content-type", "application/json"),
                                        bytes(body),
                                        "inj-" + IDS.incrementAndGet()));
        JsonNode json = tree(r.body());
        return new Answer(
                r.status(),
                json.path("response").asText(null),
                json.path("session_id").asText(null));
    }

    /** What one {@code POST /api/chat/stream} sent, as the events a client reads. */
    List<SseEvent> chatStream(String sessionId, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", message);
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        ResponseSink.Buffer sink = new ResponseSink.Buffer();
        wiring.routes().stream(
                new HttpRequest(
                        "POST",
                        "/api/chat/stream",
                        Map.of(),
                        Map.of("content-type", "application/json"),
                        bytes(body),
                        "inj-" + IDS.incrementAndGet()),
                sink);
        HttpResponse r = sink.response();
        if (r.status() != 200) {
            throw new AssertionError(
                    "the stream route answered " + r.status() + ": " + r.bodyText());
        }
        return SseEvent.parse(r.bodyText());
    }

    /** The stored messages of {@code GET /api/conversation/{id}} as [role, content] pairs. */
    List<String[]> conversation(String sessionId) {
        HttpResponse r =
                wiring.routes()
                        .handle(
                                new HttpRequest(
                                        "GET",
                                        "/api/conversation/" + sessionId,
                                        Map.of(),
                                        Map.of(),
                                        null,
                                        "inj-" + IDS.incrementAndGet()));
        if (r.status() != 200) {
            throw new AssertionError(
                    "GET /api/conversation/"
                            + sessionId
                            + " answered "
                            + r.status()
                            + ": "
                            + r.bodyText());
        }
        List<String[]> out = new ArrayList<>();
        for (JsonNode m : tree(r.body()).get("messages")) {
            out.add(new String[] {m.get("role").asText(), m.get("content").asText()});
        }
        return out;
    }

    String systemPrompt() {
        return wiring.chat().systemPrompt();
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(new String(body, StandardCharsets.UTF_8), e);
        }
    }
}
