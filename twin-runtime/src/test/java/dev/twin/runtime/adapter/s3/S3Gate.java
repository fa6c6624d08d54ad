package dev.twin.runtime.adapter.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Test fixture: a byte-level HTTP relay on loopback in front of {@link S3ProxyServer} that
 *
 * <ol>
 *   <li>records every request that reaches s3proxy ({@code "GET /bucket/key?query"}), so tests
 *       count what a chat turn costs, and
 *   <li>lets one conditional PUT ({@code If-Match} / {@code If-None-Match}) at a time through,
 *       holding the others until its response is complete. s3proxy evaluates the condition and
 *       writes inside one request but not atomically; serialising those requests gives S3's
 *       documented guarantee (one of two same-ETag writers wins) while s3proxy still decides every
 *       412. Nothing else is changed: requests and responses pass byte for byte, except that each
 *       connection carries one request ({@code Connection: close}, not signed), and a request body
 *       is always read to its end before the connection closes, as S3 does (s3proxy may hang up on
 *       a body it has just accepted with "100 Continue").
 * </ol>
 */
final class S3Gate implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService pool =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "s3-gate");
                        t.setDaemon(true);
                        return t;
                    });
    private final ReentrantLock conditionalPuts = new ReentrantLock(true);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;

    S3Gate(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Requests seen so far, as {@code "METHOD target"}. */
    List<String> requests() {
        return new ArrayList<>(requests);
    }

    List<String> requests(Predicate<String> filter) {
        return requests.stream().filter(filter).toList();
    }

    void reset() {
        requests.clear();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                pool.execute(() -> relay(client));
            } catch (IOException e) {
                if (open) {
                    System.err.println("s3 gate accept failed: " + e);
                }
            }
        }
    }

    private void relay(Socket client) {
        boolean locked = false;
        try (client;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            StringBuilder rewritten =
                    new StringBuilder(text.length() + 24).append(lines[0]).append("\r\n");
            boolean conditional = false;
            boolean expectContinue = false;
            long contentLength = 0;
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase(Locale.ROOT);
                if (lower.isEmpty() || lower.startsWith("connection:")) {
                    continue;
                }
                conditional |= lower.startsWith("if-match:") || lower.startsWith("if-none-match:");
                expectContinue |= lower.startsWith("expect:") && lower.contains("100-continue");
                if (lower.startsWith("content-length:")) {
                    contentLength =
                            Long.parseLong(lower.substring("content-length:".length()).strip());
                }
                rewritten.append(lines[i]).append("\r\n");
            }
            rewritten.append("Connection: close\r\n\r\n");
            if (conditional && "PUT".equals(requestLine[0])) {
                conditionalPuts.lock();
                locked = true;
            }
            requests.add(requestLine[0] + " " + requestLine[1]);
            OutputStream up = upstream.getOutputStream();
            up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.flush();
            long length = contentLength;
            Future<?> body = pool.submit(() -> copyBody(in, up, length));
            boolean sawContinue =
                    relayResponse(upstream.getInputStream(), client.getOutputStream());
            // s3proxy may answer 412 and hang up before reading a body it already said "100
            // Continue"
            // to; S3 reads (and drops) it. Take the whole body before closing, as S3 does, so the
            // client is not cut off mid-write. Without "100 Continue" the client sends no body.
            if (!expectContinue || sawContinue) {
                body.get(10, TimeUnit.SECONDS);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            // a client that went away; nothing more to relay
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (locked) {
                conditionalPuts.unlock();
            }
        }
    }

    /**
     * Copies exactly {@code length} body bytes; if s3proxy stopped reading, keeps draining the
     * client.
     */
    private static void copyBody(InputStream in, OutputStream up, long length) {
        byte[] buf = new byte[16 * 1024];
        boolean upstreamOpen = true;
        long left = length;
        try {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n == -1) {
                    return;
                }
                left -= n;
                if (upstreamOpen) {
                    try {
                        up.write(buf, 0, n);
                        up.flush();
                    } catch (IOException upstreamClosed) {
                        upstreamOpen = false;
                    }
                }
            }
        } catch (IOException clientGone) {
            // nothing left to drain
        }
    }

    /**
     * Relays the response bytes until s3proxy closes; tells whether it began with "100 Continue".
     */
    private static boolean relayResponse(InputStream from, OutputStream to) {
        byte[] buf = new byte[16 * 1024];
        boolean first = true;
        boolean sawContinue = false;
        try {
            int n;
            while ((n = from.read(buf)) != -1) {
                if (first) {
                    sawContinue =
                            new String(buf, 0, Math.min(n, 13), StandardCharsets.ISO_8859_1)
                                    .matches("HTTP/1\\.1 100.*");
                    first = false;
                }
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException closed) {
            // the other side finished
        }
        return sawContinue;
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(1024);
        int matched = 0;
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            matched =
                    (c == '\r' && (matched == 0 || matched == 2))
                                    || (c == '\n' && (matched == 1 || matched == 3))
                            ? matched + 1
                            : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                return b.toByteArray();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        pool.shutdownNow();
    }
}
