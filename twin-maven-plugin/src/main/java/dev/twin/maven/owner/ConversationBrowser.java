package dev.twin.maven.owner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads conversations from a twin's memory for {@code twin:conversations}: the recent ones (newest
 * activity first), one as a Markdown transcript, or all exported as Markdown files plus one JSON
 * Lines file.
 */
public final class ConversationBrowser {

    static final String PREFIX = "conversations/";
    private static final Pattern UUID =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longest first message shown in the list. */
    static final int FIRST_MESSAGE_CHARS = 60;

    private final Memory memory;

    public ConversationBrowser(Memory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    /** Up to {@code limit} conversations, the most recently active first. */
    public List<ConversationSummary> recent(int limit) {
        if (limit < 1) {
            throw new InvalidOwnerQueryException(
                    "twin.limit", Integer.toString(limit), "use a whole number of at least 1");
        }
        List<StoredObject> objects = conversationObjects();
        objects.sort(Comparator.comparing(StoredObject::lastModified).reversed());
        List<ConversationSummary> out = new ArrayList<>();
        for (StoredObject o : objects.subList(0, Math.min(limit, objects.size()))) {
            out.add(summary(o, read(o.key())));
        }
        out.sort(Comparator.comparing(ConversationSummary::lastActivity).reversed());
        return out;
    }

    /** One conversation as readable Markdown. */
    public String transcript(String id) {
        if (id == null || !UUID.matcher(id.strip()).matches()) {
            throw new InvalidOwnerQueryException(
                    "twin.conversation",
                    String.valueOf(id),
                    "use a conversation id as listed by `mvn twin:conversations` (a UUID)");
        }
        String key = PREFIX + id.strip().toLowerCase(java.util.Locale.ROOT) + ".json";
        boolean exists = memory.list(key).stream().anyMatch(o -> o.key().equals(key));
        if (!exists) {
            throw new ConversationNotFoundException(id.strip(), memory.describe());
        }
        return markdown(read(key));
    }

    /**
     * Writes every conversation to {@code dir}: {@code <id>.md} each, and {@code
     * conversations.jsonl} (one stored JSON document per line).
     *
     * @return how many conversations were written
     */
    public int export(Path dir) {
        try {
            Files.createDirectories(dir);
            List<StoredObject> objects = conversationObjects();
            objects.sort(Comparator.comparing(StoredObject::lastModified).reversed());
            try (Writer jsonl =
                    Files.newBufferedWriter(
                            dir.resolve("conversations.jsonl"), StandardCharsets.UTF_8)) {
                for (StoredObject o : objects) {
                    JsonNode c = read(o.key());
                    String id = c.path("session_id").asText(idOf(o.key()));
                    if (!UUID.matcher(id).matches()) {
                        id = idOf(o.key());
                    }
                    Files.writeString(dir.resolve(id + ".md"), markdown(c), StandardCharsets.UTF_8);
                    jsonl.write(JSON.writeValueAsString(c));
                    jsonl.write('\n');
                }
            }
            return objects.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot export to " + dir, e);
        }
    }

    private List<StoredObject> conversationObjects() {
        List<StoredObject> out = new ArrayList<>();
        for (StoredObject o : memory.list(PREFIX)) {
            String rest = o.key().substring(PREFIX.length());
            if (rest.endsWith(".json") && !rest.contains("/") && !rest.startsWith(".")) {
                out.add(o);
            }
        }
        return out;
    }

    private JsonNode read(String key) {
        try {
            return JSON.readTree(memory.read(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + memory.describe() + "/" + key, e);
        }
    }

    static ConversationSummary summary(StoredObject o, JsonNode c) {
        JsonNode messages = c.path("messages");
        Instant first = null;
        Instant last = null;
        int turns = 0;
        String firstMessage = "";
        for (JsonNode m : messages) {
            Instant t = instant(m.path("timestamp").asText(null));
            if (t != null) {
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
            }
            if ("user".equals(m.path("role").asText())) {
                if (turns == 0) {
                    firstMessage = m.path("content").asText("");
                }
                turns++;
            }
        }
        Instant started = instant(c.path("created_at").asText(null));
        Instant updated = instant(c.path("updated_at").asText(null));
        return new ConversationSummary(
                c.path("session_id").asText(idOf(o.key())),
                started != null ? started : first != null ? first : o.lastModified(),
                updated != null ? updated : last != null ? last : o.lastModified(),
                turns,
                shorten(firstMessage, FIRST_MESSAGE_CHARS));
    }

    /** The transcript: a heading with the id and times, then each message under its speaker. */
    static String markdown(JsonNode c) {
        StringBuilder b = new StringBuilder(1024);
        b.append("# Conversation ").append(c.path("session_id").asText("?")).append("\n\n");
        if (c.hasNonNull("created_at")) {
            b.append("Started ").append(c.path("created_at").asText());
            if (c.hasNonNull("updated_at")) {
                b.append(", last activity ").append(c.path("updated_at").asText());
            }
            b.append("\n\n");
        }
        for (JsonNode m : c.path("messages")) {
            String who = "user".equals(m.path("role").asText()) ? "Visitor" : "Twin";
            b.append("**").append(who).append("**");
            if (m.hasNonNull("timestamp")) {
                b.append(" · ").append(m.path("timestamp").asText());
            }
            b.append("\n\n");
            // visitor text is quoted so Markdown in it cannot pose as the transcript's own
            // structure
            for (String line : m.path("content").asText("").split("\n", -1)) {
                b.append("> ").append(line).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String idOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
