package dev.twin.runtime.hostile;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.twin.runtime.hostile.Attack.Header;
import dev.twin.runtime.hostile.Attack.Length;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test driver: a raw-socket HTTP/1.1 client that sends exactly the bytes an {@link Attack} says
 * (HTTP clients would normalise paths, fix lengths and refuse bad bytes; attackers don't).
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * The request bytes: request line, headers (Host first), framing per {@link Attack#length()},
     * body.
     */
    static byte[] request(Attack a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.body().length + 512);
        out.writeBytes(a.method().getBytes(US_ASCII));
        out.write(' ');
        out.writeBytes(a.path());
        out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(US_ASCII));
        for (Header h : a.headers()) {
            out.writeBytes((h.name() + ": ").getBytes(US_ASCII));
            out.writeBytes(h.value());
            out.writeBytes("\r\n".getBytes(US_ASCII));
        }
        byte[] body = a.body();
        boolean hasBody = body.length > 0 || a.method().equals("POST");
        String n = Integer.toString(body.length);
        switch (a.length()) {
            case CORRECT -> line(out, hasBody ? "Content-Length: " + n : null);
            case MISSING -> {}
            case DUPLICATE_SAME -> {
                line(out, "Content-Length: " + n);
                line(out, "Content-Length: " + n);
            }
            case CONFLICTING -> {
                line(out, "Content-Length: " + n);
                line(out, "Content-Length: " + (body.length / 2));
            }
            case NEGATIVE -> line(out, "Content-Length: -1");
            case GARBAGE -> line(out, "Content-Length: 12abc");
            case TOO_SMALL -> line(out, "Content-Length: " + (body.length / 2));
            case CHUNKED, CHUNKED_MALFORMED -> line(out, "Transfer-Encoding: chunked");
            case CHUNKED_AND_LENGTH -> {
                line(out, "Transfer-Encoding: chunked");
                line(out, "Content-Length: " + n);
            }
        }
        out.writeBytes("\r\n".getBytes(US_ASCII));
        if (a.length() == Length.CHUNKED || a.length() == Length.CHUNKED_AND_LENGTH) {
            for (int i = 0; i < body.length; i += 1000) {
                int len = Math.min(1000, body.length - i);
                out.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(US_ASCII));
                out.write(body, i, len);
                out.writeBytes("\r\n".getBytes(US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(US_ASCII));
        } else if (a.length() == Length.CHUNKED_MALFORMED) {
            out.writeBytes("zz\r\n".getBytes(US_ASCII));
            out.writeBytes(body);
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String header) {
        if (header != null) {
            out.writeBytes((header + "\r\n").getBytes(US_ASCII));
        }
    }

    /**
     * Sends the bytes, half-closes, and reads one response. {@code null} when the server closed the
     * connection without an answer.
     */
    Answer send(String method, byte[] request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (SocketException closedEarly) {
                // the server may answer and close before reading everything (a body far over the
                // limit)
            }
            return read(s.getInputStream(), method);
        }
    }

    /** Reads one HTTP/1.1 response; {@code null} if the connection ends before a status line. */
    static Answer read(InputStream in, String method) throws IOException {
        int code;
        Map<String, List<String>> headers;
        do { // skip interim answers (100 Continue to "Expect: 100-continue")
            String status;
            try {
                status = readLine(in);
            } catch (SocketException reset) {
                return null;
            }
            if (status == null) {
                return null;
            }
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new AssertionError("not an HTTP status line: " + status);
            }
            code = Integer.parseInt(parts[1]);
            headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(
                                line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                                k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        } while (code >= 100 && code < 200);
        byte[] body;
        List<String> length = headers.get("content-length");
        if (method.equalsIgnoreCase("HEAD") || code == 204 || code == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (headers.containsKey("transfer-encoding")) {
            body = readChunked(in);
        } else {
            body = in.readAllBytes();
        }
        // the JDK server's own refusals (before any handler) have neither our request id nor JSON
        boolean httpLayer =
                !headers.containsKey("x-request-id")
                        && !headers.containsKey("x-content-type-options");
        return new Answer(code, headers, body, httpLayer);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return out.toByteArray();
            }
            out.writeBytes(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(ISO_8859_1);
    }
}
