package dev.twin.runtime.local;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.Settings;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.http.SseEvent;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dev server streams {@code POST /api/chat/stream}: a raw socket client reads each event while
 * the model is still waiting to produce the next one, and the connection stays usable afterwards.
 */
class DevServerStreamTest {

    private static final List<String> PIECES = List.of("One ", "two ", "three ", "four.");

    private DevServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Produces each piece only after the test has read the previous one off the socket. */
    private static final class GatedModel implements ChatModel {
        final Semaphore next = new Semaphore(0);

        @Override
        public ModelReply reply(ModelRequest request) {
            return new ModelReply(String.join("", PIECES), 3, 4);
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            for (int i = 0; i < PIECES.size(); i++) {
                try {
                    if (i > 0 && !next.tryAcquire(5, TimeUnit.SECONDS)) {
                        throw new AssertionError("the client never saw piece " + (i - 1));
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                sink.accept(PIECES.get(i));
            }
            return reply(request);
        }

        @Override
        public String describe() {
            return "gated";
        }
    }

    @Test
    void stream_sendsEachEventAsItHappens_chunked_andKeepsTheConnectionAlive() throws Exception {
        // Given
        GatedModel model = new GatedModel();
        server =
                DevServer.start(
                        model,
                        new InMemoryConversationStore(),
                        new BundledPersonaSource(),
                        Settings.from(Map.of("TWIN_NAME", "Ada Quill")),
                        null,
                        0);
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();

            // When: one streamed turn
            send(out, "/api/chat/stream", "{\"message\":\"count\"}");
            Map<String, String> headers = readHead(in);

            // Then: each delta arrives while the model waits for the test to have read it
            assertThat(headers.get(":status")).isEqualTo("200");
            assertThat(headers).containsEntry("transfer-encoding", "chunked");
            assertThat(headers).containsEntry("content-type", "text/event-stream; charset=utf-8");
            StringBuilder body = new StringBuilder();
            List<String> seen = new ArrayList<>();
            while (true) {
                byte[] chunk = readChunk(in);
                if (chunk == null) {
                    break;
                }
                body.append(new String(chunk, UTF_8));
                List<SseEvent> events = SseEvent.parse(body.toString());
                if (events.size() > seen.size()) {
                    SseEvent e = SseEvent.last(events);
                    seen.add(e.name());
                    if (e.name().equals("delta")) {
                        model.next.release();
                    }
                }
            }
            assertThat(seen).containsExactly("delta", "delta", "delta", "delta", "done");
            assertThat(SseEvent.deltas(SseEvent.parse(body.toString())))
                    .isEqualTo(String.join("", PIECES));

            // Then: the same connection answers the next request
            send(out, "/api/health", null);
            Map<String, String> health = readHead(in);
            assertThat(health.get(":status")).isEqualTo("200");
        }
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    @Test
    void stream_badInput_getsTheJsonErrorOnTheSameConnection() throws Exception {
        server =
                DevServer.start(
                        new GatedModel(),
                        new InMemoryConversationStore(),
                        new BundledPersonaSource(),
                        Settings.from(Map.of("TWIN_NAME", "Ada Quill")),
                        null,
                        0);
        try (Socket socket = new Socket(server.uri().getHost(), server.port())) {
            socket.setSoTimeout(10_000);
            send(socket.getOutputStream(), "/chat/stream", "{\"message\":\"  \"}");
            Map<String, String> head = readHead(socket.getInputStream());
            assertThat(head.get(":status")).isEqualTo("400");
            assertThat(head).containsEntry("content-type", "application/json; charset=utf-8");
            StringBuilder body = new StringBuilder();
            byte[] c;
            while ((c = readChunk(socket.getInputStream())) != null) {
                body.append(new String(c, UTF_8));
            }
            assertThat(body.toString()).contains("\"invalid_message\"");
            send(socket.getOutputStream(), "/health", null);
            assertThat(readHead(socket.getInputStream()).get(":status")).isEqualTo("200");
        }
    }

    private static void send(OutputStream out, String path, String json) throws IOException {
        String head =
                json == null
                        ? "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        : "POST "
                                + path
                                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                                + json.getBytes(UTF_8).length
                                + "\r\n\r\n"
                                + json;
        out.write(head.getBytes(UTF_8));
        out.flush();
    }

    private static Map<String, String> readHead(InputStream in) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":status", readLine(in).split(" ")[1]);
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            h.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return h;
    }

    /** The next chunk's bytes, or {@code null} after the last (zero-size) chunk. */
    private static byte[] readChunk(InputStream in) throws IOException {
        int n = Integer.parseInt(readLine(in).split(";")[0].strip(), 16);
        if (n == 0) {
            readLine(in);
            return null;
        }
        byte[] b = in.readNBytes(n);
        readLine(in);
        return b;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.write(c);
        }
        String s = b.toString(ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
