package dev.twin.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.PiecesModel;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /chat/stream} through the route table, with a sink that records what a front would
 * send.
 */
class ChatStreamRouteTest {

    private static final List<String> PIECES = List.of("Hello ", "from ", "Ana, ", "the twin.");

    private final List<Conversation> puts = new CopyOnWriteArrayList<>();
    private final InMemoryConversationStore memory = new InMemoryConversationStore();
    private final ConversationStore store =
            new ConversationStore() {
                @Override
                public Optional<Versioned<Conversation>> find(SessionId id) {
                    return memory.find(id);
                }

                @Override
                public String put(Conversation conversation, String expectedVersion) {
                    puts.add(conversation);
                    return memory.put(conversation, expectedVersion);
                }

                @Override
                public String describe() {
                    return "recording";
                }
            };
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new ArrayList<>();

    private Routes routes(ChatModel model) {
        PersonaSource persona =
                new PersonaSource() {
                    final Persona p = new Persona(Map.of("me.txt", "I am Ana."));

                    @Override
                    public Persona current() {
                        return p;
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        ChatService chat =
                new ChatService(
                        model, store, persona, ChatSettings.defaults("Ana"), new MutableClock());
        return new Routes(chat, new Telemetry("Ana", logLines::add));
    }

    /** A front's sink: records the status, headers and each write (and when it happened). */
    private final class RecordingSink implements ResponseSink {
        int status = -1;
        Map<String, String> headers;
        final StringBuilder body = new StringBuilder();
        int failAfterWrites = -1;
        int writes;

        @Override
        public void start(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (failAfterWrites >= 0 && writes >= failAfterWrites) {
                throw new IOException("Broken pipe"); // the visitor closed the tab
            }
            writes++;
            String s = new String(bytes, StandardCharsets.UTF_8);
            log.add("wrote " + s.lines().findFirst().orElse(""));
            body.append(s);
        }

        List<SseEvent> events() {
            return SseEvent.parse(body.toString());
        }
    }

    private static HttpRequest post(String path, String json) {
        return RoutesTest.post(path, json);
    }

    @Test
    void goodTurn_streamsEachPieceAsProduced_thenDone_andStoresTheTurnOnce() {
        // Given
        PiecesModel model = new PiecesModel(PIECES, log);
        RecordingSink sink = new RecordingSink();

        // When
        routes(model).stream(post("/api/chat/stream", "{\"message\":\"hi\"}"), sink);

        // Then: 200 event stream; each delta is written before the model produces the next piece
        assertThat(sink.status).isEqualTo(200);
        assertThat(sink.headers)
                .containsEntry("content-type", "text/event-stream; charset=utf-8")
                .containsEntry("cache-control", "no-store")
                .containsKey("x-request-id");
        assertThat(log)
                .containsSubsequence(
                        "model Hello ", "wrote event: delta", "model from ", "wrote event: delta");
        List<SseEvent> events = sink.events();
        assertThat(SseEvent.deltas(events)).isEqualTo(String.join("", PIECES));
        SseEvent done = SseEvent.last(events);
        assertThat(done.name()).isEqualTo("done");
        assertThat(done.data().get("response").asText()).isEqualTo(String.join("", PIECES));
        assertThat(done.data().get("turn_id").asText()).isNotBlank();
        SessionId id = SessionId.parse(done.data().get("session_id").asText());
        assertThat(puts).hasSize(1);
        assertThat(store.find(id).orElseThrow().value().messages())
                .extracting(m -> m.content())
                .containsExactly("hi", String.join("", PIECES));
        assertThat(logLines).singleElement().asString().contains("/chat/stream").contains("200");
    }

    @Test
    void resendWithTheSameTurnId_replaysTheStoredReplyAsOneDelta_withoutCallingTheModel() {
        PiecesModel model = new PiecesModel(PIECES, log);
        Routes routes = routes(model);
        String body = "{\"message\":\"hi\",\"turn_id\":\"turn-0001\"}";
        RecordingSink first = new RecordingSink();
        routes.stream(post("/chat/stream", body), first);
        String session = SseEvent.last(first.events()).data().get("session_id").asText();

        // When: the same turn again (a Retry after the answer was lost)
        RecordingSink again = new RecordingSink();
        routes.stream(
                post(
                        "/chat/stream",
                        "{\"message\":\"hi\",\"turn_id\":\"turn-0001\",\"session_id\":\""
                                + session
                                + "\"}"),
                again);

        // Then
        List<SseEvent> events = again.events();
        assertThat(events).extracting(SseEvent::name).containsExactly("delta", "done");
        assertThat(events.get(0).data().get("text").asText()).isEqualTo(String.join("", PIECES));
        assertThat(events.get(1).data().get("turn_id").asText()).isEqualTo("turn-0001");
        assertThat(model.requests()).hasSize(1);
        assertThat(puts).hasSize(1);
        assertThat(store.find(SessionId.parse(session)).orElseThrow().value().messages())
                .hasSize(2);
    }

    static Stream<Arguments> chatBadInput() {
        return RoutesTest.badInput()
                .filter(
                        a ->
                                a.get()[1] instanceof HttpRequest r
                                        && r.method().equals("POST")
                                        && r.rawPath().endsWith("/chat"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatBadInput")
    void badInput_getsExactlyTheJsonErrorOfChat_notAStream(
            String name, HttpRequest chat, int status, String code) {
        // Given: the same request to both routes
        HttpRequest stream =
                new HttpRequest(
                        chat.method(),
                        chat.rawPath() + "/stream",
                        chat.query(),
                        chat.headers(),
                        chat.body(),
                        chat.requestId());
        PiecesModel model = new PiecesModel(PIECES, log);

        // When
        HttpResponse buffered = routes(model).handle(chat);
        RecordingSink sink = new RecordingSink();
        routes(model).stream(stream, sink);

        // Then
        assertThat(sink.status).isEqualTo(buffered.status()).isEqualTo(status);
        assertThat(sink.body.toString()).isEqualTo(buffered.bodyText()).contains(code);
        assertThat(sink.headers).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void modelFailingBeforeTheFirstPiece_getsTheJsonErrorOfChat() {
        PiecesModel model =
                new PiecesModel(
                        PIECES,
                        log,
                        0,
                        new ModelException(ModelException.Kind.THROTTLED, "throttled", null));
        RecordingSink sink = new RecordingSink();

        routes(model).stream(post("/chat/stream", "{\"message\":\"hi\"}"), sink);

        assertThat(sink.status).isEqualTo(429);
        assertThat(sink.body.toString()).contains("\"model_throttled\"");
        assertThat(puts).isEmpty();
    }

    @Test
    void modelFailingMidStream_endsWithAnErrorEvent_andStoresNothing() {
        PiecesModel model =
                new PiecesModel(
                        PIECES,
                        log,
                        2,
                        new ModelException(ModelException.Kind.TIMEOUT, "read timed out", null));
        RecordingSink sink = new RecordingSink();

        routes(model).stream(post("/chat/stream", "{\"message\":\"hi\"}"), sink);

        List<SseEvent> events = sink.events();
        assertThat(events).extracting(SseEvent::name).containsExactly("delta", "delta", "error");
        assertThat(SseEvent.last(events).data().at("/error/code").asText())
                .isEqualTo("model_timeout");
        assertThat(sink.body.toString()).doesNotContain("read timed out");
        assertThat(puts).isEmpty();
        assertThat(logLines).singleElement().asString().contains("model_timeout");
    }

    @Test
    void visitorLeavingMidStream_stillGetsTheFinishedTurnStored() {
        PiecesModel model = new PiecesModel(PIECES, log);
        RecordingSink sink = new RecordingSink();
        sink.failAfterWrites = 1;

        routes(model).stream(post("/chat/stream", "{\"message\":\"hi\"}"), sink);

        assertThat(log).contains("model the twin.");
        assertThat(puts)
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(c.messages())
                                        .extracting(m -> m.content())
                                        .containsExactly("hi", String.join("", PIECES)));
    }

    @Test
    void bufferingFront_getsTheSameEventsInOneBody() {
        PiecesModel model = new PiecesModel(PIECES, log);

        HttpResponse r = routes(model).handle(post("/api/chat/stream", "{\"message\":\"hi\"}"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "text/event-stream; charset=utf-8");
        List<SseEvent> events = SseEvent.parse(r.bodyText());
        assertThat(SseEvent.deltas(events)).isEqualTo(String.join("", PIECES));
        assertThat(SseEvent.last(events).name()).isEqualTo("done");
    }

    @Test
    void otherMethods_getAllowOrMethodNotAllowed() {
        PiecesModel model = new PiecesModel(PIECES, log);
        RecordingSink options = new RecordingSink();
        RecordingSink get = new RecordingSink();

        routes(model).stream(RoutesTest.request("OPTIONS", "/chat/stream", null, null), options);
        routes(model).stream(RoutesTest.get("/chat/stream"), get);

        assertThat(options.status).isEqualTo(204);
        assertThat(options.headers).containsEntry("allow", "POST, OPTIONS");
        assertThat(get.status).isEqualTo(405);
        assertThat(get.body.toString()).contains("method_not_allowed");
        assertThat(Routes.isApiPath("/chat/stream")).isTrue();
        assertThat(Routes.isStreamPath("/api/chat/stream")).isTrue();
        assertThat(Routes.isStreamPath("/api/chat")).isFalse();
    }
}
