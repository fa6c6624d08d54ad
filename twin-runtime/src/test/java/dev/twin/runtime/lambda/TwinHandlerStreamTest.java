package dev.twin.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.http.SseEvent;
import dev.twin.runtime.observe.Telemetry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda front on the streaming route: through a function URL ({@code RESPONSE_STREAM}) it
 * writes the raw event stream, flushed per event; through the HTTP API it answers the same events
 * in one buffered envelope, so a visitor gets the whole reply either way.
 */
class TwinHandlerStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwinHandler handler =
            new TwinHandler(
                    new Routes(
                            new ChatService(
                                    new OfflineChatModel(new BundledPersonaSource(), "Ada Quill"),
                                    new InMemoryConversationStore(),
                                    new BundledPersonaSource(),
                                    ChatSettings.defaults("Ada Quill"),
                                    Clock.systemUTC()),
                            Telemetry.discard()),
                    null);

    private static byte[] event(String domain, String message) throws Exception {
        String body = JSON.writeValueAsString(Map.of("message", message));
        return ("{\"version\":\"2.0\",\"rawPath\":\"/api/chat/stream\",\"rawQueryString\":\"\","
                        + "\"headers\":{\"content-type\":\"application/json\"},"
                        + "\"requestContext\":{\"domainName\":\""
                        + domain
                        + "\",\"requestId\":\"r-1\",\"stage\":\"$default\","
                        + "\"http\":{\"method\":\"POST\",\"path\":\"/api/chat/stream\",\"sourceIp\":\"203.0.113.9\"}},"
                        + "\"body\":"
                        + JSON.writeValueAsString(body)
                        + ",\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Records the bytes handed over at each flush. */
    private static final class FlushLog extends ByteArrayOutputStream {
        final List<String> flushed = new ArrayList<>();

        @Override
        public void flush() {
            flushed.add(toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void functionUrl_writesTheRawEventStream_flushedPerEvent() throws Exception {
        FlushLog out = new FlushLog();

        handler.handleRequest(
                new ByteArrayInputStream(
                        event(
                                "abc123.lambda-url.eu-west-1.on.aws",
                                "Which languages do you speak?")),
                out,
                null);

        List<SseEvent> events = SseEvent.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(events.size()).isGreaterThan(3);
        assertThat(SseEvent.last(events).name()).isEqualTo("done");
        assertThat(SseEvent.deltas(events))
                .isEqualTo(SseEvent.last(events).data().get("response").asText());
        // one flush per event: the first words leave before the last ones exist
        assertThat(out.flushed).hasSize(events.size());
        assertThat(SseEvent.parse(out.flushed.get(0)))
                .extracting(SseEvent::name)
                .containsExactly("delta");
    }

    @Test
    void functionUrl_badInput_isOneErrorEvent_withChatsJson() throws Exception {
        FlushLog out = new FlushLog();

        handler.handleRequest(
                new ByteArrayInputStream(event("abc123.lambda-url.eu-west-1.on.aws", "   ")),
                out,
                null);

        List<SseEvent> events = SseEvent.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(events)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.name()).isEqualTo("error");
                            assertThat(e.data().at("/error/code").asText())
                                    .isEqualTo("invalid_message");
                        });
    }

    @Test
    void httpApi_answersTheSameEvents_inOneBufferedEnvelope() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(
                new ByteArrayInputStream(
                        event(
                                "abc.execute-api.eu-west-1.amazonaws.com",
                                "Which languages do you speak?")),
                out,
                null);

        JsonNode envelope = JSON.readTree(out.toByteArray());
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(200);
        assertThat(envelope.at("/headers/content-type").asText()).startsWith("text/event-stream");
        List<SseEvent> events = SseEvent.parse(envelope.get("body").asText());
        assertThat(SseEvent.last(events).name()).isEqualTo("done");
    }
}
