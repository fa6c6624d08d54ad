package dev.twin.runtime.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.observe.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: captures the runtime's JSON log lines ({@link Log}) while open, and reads them back
 * as trees, so a test asserts the retry lines a fault produced. Every line must be JSON.
 */
final class LogLines implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream previous;

    private LogLines() {
        previous = Log.redirect(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    static LogLines capture() {
        return new LogLines();
    }

    /** Every captured line, parsed (fails the test on a line that is not JSON). */
    synchronized List<JsonNode> all() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("log line is not JSON: " + line, e);
            }
        }
        return out;
    }

    /** Lines whose {@code event} is {@code event}. */
    List<JsonNode> events(String event) {
        return all().stream().filter(n -> event.equals(n.path("event").asText())).toList();
    }

    /** The retry lines, as {@code "service operation attempt/max cause"} for compact assertions. */
    List<String> retries() {
        return events("retry").stream()
                .map(
                        n ->
                                n.path("service").asText()
                                        + " "
                                        + n.path("operation").asText()
                                        + " "
                                        + n.path("attempt").asInt()
                                        + "/"
                                        + n.path("maxAttempts").asInt()
                                        + " "
                                        + n.path("cause").asText())
                .toList();
    }

    String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Log.redirect(previous);
    }
}
