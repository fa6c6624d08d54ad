package dev.twin.runtime.hostile;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.local.DevServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Abuse of the dev server's connections rather than its routes: bodies far over the limit (the
 * server must answer 413 without reading them) and slowloris-style requests that never finish.
 */
class DevServerAbuseTest {

    private TwinUnderTest twin;
    private DevServer server;

    @BeforeEach
    void start() throws Exception {
        twin = new TwinUnderTest();
        server = DevServer.start(twin.wiring, twin.site, 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        twin.close();
    }

    @Test
    void bodyOf50Mb_answers413_withoutTheServerReadingIt() throws Exception {
        // Given: a declared 50 MB body, streamed (never held in memory by the client either)
        long declared = 50L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(
                    ("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                                    + declared
                                    + "\r\nConnection: close\r\n\r\n{\"message\":\"")
                            .getBytes(US_ASCII));
            Thread writer =
                    new Thread(
                            () -> {
                                byte[] chunk = new byte[64 * 1024];
                                Arrays.fill(chunk, (byte) 'z');
                                try {
                                    while (sent.get() < declared) {
                                        out.write(chunk);
                                        sent.addAndGet(chunk.length);
                                    }
                                } catch (IOException serverStoppedReading) {
                                    // expected: the server answered and closed
                                }
                            },
                            "big-body-writer");
            writer.setDaemon(true);
            long start = System.nanoTime();

            // When
            writer.start();
            Answer answer = RawHttp.read(s.getInputStream(), "POST");
            long ms = (System.nanoTime() - start) / 1_000_000;
            writer.join(15_000);

            // Then: 413 in JSON, quickly, and most of the body was never taken off the wire
            assertThat(answer).as("an answer before the connection closed").isNotNull();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.errorCode()).isEqualTo("payload_too_large");
            assertThat(answer.header("x-request-id")).isNotBlank();
            assertThat(sent.get())
                    .as("bytes the server let the client send")
                    .isLessThan(declared / 2);
            assertThat(ms).as("time to the 413").isLessThan(10_000);
        }
    }

    @Test
    void chunkedBodyOf5Mb_answers413() throws Exception {
        // Given
        Attack big =
                new Attack(
                        "abuse",
                        false,
                        "POST",
                        "/api/chat".getBytes(US_ASCII),
                        List.of(Attack.Header.of("Content-Type", "application/json")),
                        ("{\"message\":\"" + "z".repeat(5 * 1024 * 1024) + "\"}")
                                .getBytes(US_ASCII),
                        Attack.Length.CHUNKED,
                        Attack.EventShape.WELL_FORMED);

        // When
        Answer answer = new RawHttp(server.port()).send("POST", RawHttp.request(big));

        // Then
        assertThat(answer).isNotNull();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void slowlorisConnections_doNotStopTheServerAnswering() throws Exception {
        // Given: 40 connections that send half a request and then nothing
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.getOutputStream()
                        .write(
                                (i % 2 == 0
                                                ? "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl"
                                                : "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"mes")
                                        .getBytes(US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            Thread.sleep(300);
            long start = System.nanoTime();

            // When: a visitor asks a question
            Attack ok =
                    LambdaFrontHostileTest.valid(
                            "POST", "/api/chat", "{\"message\":\"What do you do for work?\"}");
            Answer answer = new RawHttp(server.port()).send("POST", RawHttp.request(ok));

            // Then: answered, and promptly
            assertThat(answer).isNotNull();
            assertThat(answer.status()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms to answer beside 40 stalled requests")
                    .isLessThan(5_000);

            // and the server lets go of the stalled connections (within its 5 s request time, plus
            // its 1 s timer)
            for (Socket s : stalled) {
                s.setSoTimeout(10_000);
                int read;
                try {
                    read = s.getInputStream().read();
                } catch (SocketException reset) {
                    read = -1;
                }
                assertThat(read).as("stalled connection closed by the server").isEqualTo(-1);
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }
}
