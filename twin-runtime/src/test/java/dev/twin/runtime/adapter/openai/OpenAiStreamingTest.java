package dev.twin.runtime.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.ModelException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible adapter streaming from a loopback stand-in that dribbles its events. */
class OpenAiStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelRequest REQUEST =
            new ModelRequest("You are Ana.", List.of(new Message(Role.USER, "hi", Instant.EPOCH)));

    private final StreamingStandIn standIn = newStandIn();
    private final List<String> pieces = new CopyOnWriteArrayList<>();

    private static StreamingStandIn newStandIn() {
        try {
            return new StreamingStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private OpenAiChatModel model(Duration timeout) {
        return new OpenAiChatModel(
                OpenAiChatModel.httpClient(),
                standIn.baseUrl(),
                "gpt-4o-mini",
                ApiKeySource.fixed("sk-test-not-a-real-key"),
                null,
                null,
                timeout);
    }

    @Test
    void stream_handsOverEachPieceAsItArrives_andReadsUsage() throws Exception {
        // Given: the stand-in sends the second piece only after the adapter passed on the first
        CountDownLatch firstSeen = new CountDownLatch(1);
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(out, StreamingStandIn.piece("Hello"));
                    assertThat(firstSeen.await(5, TimeUnit.SECONDS)).isTrue();
                    StreamingStandIn.event(out, StreamingStandIn.piece(", I am"));
                    StreamingStandIn.event(out, StreamingStandIn.piece(" Ana."));
                    StreamingStandIn.event(out, StreamingStandIn.usage(12, 5));
                    StreamingStandIn.event(out, "[DONE]");
                });

        // When
        ModelReply reply =
                model(Duration.ofSeconds(10)).stream(
                        REQUEST,
                        p -> {
                            pieces.add(p);
                            firstSeen.countDown();
                            return true;
                        });

        // Then
        assertThat(pieces).containsExactly("Hello", ", I am", " Ana.");
        assertThat(reply).isEqualTo(new ModelReply("Hello, I am Ana.", 12, 5));
        StreamingStandIn.Seen sent = standIn.requests().get(0);
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.headers().get("Authorization"))
                .containsExactly("Bearer sk-test-not-a-real-key");
        assertThat(sent.headers().get("Accept")).containsExactly("text/event-stream");
    }

    @Test
    void stream_throttledBeforeTheFirstPiece_isRetriedOnce() {
        standIn.then(
                        ex -> {
                            byte[] b =
                                    "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}"
                                            .getBytes(StandardCharsets.UTF_8);
                            ex.getResponseHeaders().set("Retry-After", "0");
                            ex.sendResponseHeaders(429, b.length);
                            ex.getResponseBody().write(b);
                        })
                .then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("ok"));
                            StreamingStandIn.event(out, "[DONE]");
                        });

        ModelReply reply = model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add);

        assertThat(reply.text()).isEqualTo("ok");
        assertThat(standIn.requests()).hasSize(2);
    }

    @Test
    void stream_cutAfterTheFirstPiece_failsWithoutRetrying() {
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("Hel"));
                            throw new IOException("cut"); // closes without [DONE]
                        })
                .then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("never"));
                            StreamingStandIn.event(out, "[DONE]");
                        });

        assertThatThrownBy(() -> model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.UNAVAILABLE);
        assertThat(pieces).containsExactly("Hel");
        assertThat(standIn.requests()).hasSize(1);
    }

    @Test
    void stream_thatStalls_endsAsATimeout_withinTheBudget() {
        CountDownLatch never = new CountDownLatch(1);
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(out, StreamingStandIn.piece("Hel"));
                    never.await(20, TimeUnit.SECONDS);
                });
        long start = System.nanoTime();

        assertThatThrownBy(() -> model(Duration.ofMillis(1500)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.TIMEOUT);
        never.countDown();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(pieces).containsExactly("Hel");
    }

    @Test
    void stream_stoppedBySink_returnsWhatItHas() {
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    for (int i = 0; i < 5; i++) {
                        StreamingStandIn.event(out, StreamingStandIn.piece("w" + i + " "));
                    }
                    StreamingStandIn.event(out, "[DONE]");
                });

        ModelReply reply =
                model(Duration.ofSeconds(10)).stream(
                        REQUEST, p -> pieces.add(p) && pieces.size() < 2);

        assertThat(reply.text()).isEqualTo("w0 w1 ");
    }

    @Test
    void stream_contentFilter_isARefusal() {
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(
                            out,
                            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}]}");
                    StreamingStandIn.event(out, "[DONE]");
                });

        assertThatThrownBy(() -> model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.REFUSED);
    }
}
