package dev.twin.maven.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/**
 * Turns the runtime's request log lines (one JSON object that is also an EMF record: {@code
 * requestId}, {@code method}, {@code route}, {@code status}, {@code LatencyMs}, {@code ErrorCode})
 * into one readable line: time, route, status, latency, error code, request id. Other lines (the
 * runtime's own {@code event} lines, Lambda's platform lines) are shortened, not parsed.
 */
public final class RequestLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestLines() {}

    /** The readable form of one log message, or {@code null} when it is not a request line. */
    public static String request(Instant time, String message) {
        JsonNode n = parse(message);
        if (n == null) {
            return null;
        }
        // Lambda's JSON log format may wrap the line in {"message": "..."}
        if (!n.has("route") && n.path("message").isTextual()) {
            n = parse(n.path("message").asText());
            if (n == null) {
                return null;
            }
        }
        if (!n.has("route") || !n.has("status")) {
            return null;
        }
        StringBuilder b = new StringBuilder(120);
        b.append(time)
                .append("  ")
                .append(pad(n.path("method").asText("?") + " " + n.path("route").asText("?"), 34))
                .append(' ')
                .append(n.path("status").asInt())
                .append("  ")
                .append(pad(n.path("LatencyMs").asLong() + " ms", 9));
        b.append(' ')
                .append(pad(n.hasNonNull("ErrorCode") ? n.path("ErrorCode").asText() : "-", 22));
        b.append(' ').append(n.path("requestId").asText("-"));
        return b.toString();
    }

    /**
     * Whether a request line is a failure (5xx or 429, what the Errors metric counts) or has an
     * error code.
     */
    public static boolean isFailure(String message) {
        JsonNode n = parse(message);
        if (n != null && !n.has("route") && n.path("message").isTextual()) {
            n = parse(n.path("message").asText());
        }
        if (n == null) {
            return false;
        }
        int status = n.path("status").asInt(0);
        return status >= 500 || status == 429 || n.hasNonNull("ErrorCode");
    }

    private static JsonNode parse(String message) {
        if (message == null) {
            return null;
        }
        String m = message.strip();
        if (!m.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(m);
        } catch (IOException e) {
            return null;
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
