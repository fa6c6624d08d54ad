package dev.twin.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: one Server-Sent Event ({@code event:} name and {@code data:} JSON) as a client reads
 * it.
 */
public record SseEvent(String name, JsonNode data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every complete event in {@code text} (an {@code event:} and a {@code data:} line, then a
     * blank line).
     */
    public static List<SseEvent> parse(String text) {
        List<SseEvent> out = new ArrayList<>();
        for (String block : text.split("\n\n", -1)) {
            if (block.isBlank()) {
                continue;
            }
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            try {
                out.add(new SseEvent(name, JSON.readTree(data.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON in event " + name + ": " + data, e);
            }
        }
        return out;
    }

    /** The {@code text} of every {@code delta}, joined. */
    public static String deltas(List<SseEvent> events) {
        StringBuilder b = new StringBuilder();
        events.stream()
                .filter(e -> e.name().equals("delta"))
                .forEach(e -> b.append(e.data().get("text").asText()));
        return b.toString();
    }

    /** The last event. */
    public static SseEvent last(List<SseEvent> events) {
        return events.get(events.size() - 1);
    }
}
