package dev.twin.runtime.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.InvalidSessionIdException;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversation &lt;-&gt; JSON bytes in the stored layout shared by every store:
 *
 * <pre>
 * {"session_id": "...", "messages": [{"role", "content", "timestamp", "turn_id"?}], "created_at", "updated_at"}
 * </pre>
 *
 * {@code turn_id} (both messages of a turn share it) is written when known and optional on reading:
 * conversations stored before it existed, or by the Python twin, load with none. Reading ignores
 * unknown fields (files written by the Python twin or a newer runtime still load) and accepts
 * ISO-8601 timestamps with or without an offset (no offset means UTC). Anything else wrong gives a
 * {@link CorruptConversationException}, never a half-read conversation.
 */
public final class ConversationCodec {

    private ConversationCodec() {}

    /**
     * The stored JSON, UTF-8. {@code created_at}/{@code updated_at} are the first/last message
     * times.
     */
    public static byte[] encode(Conversation conversation) {
        List<Message> messages = conversation.messages();
        int hint = 128;
        for (Message m : messages) {
            hint += m.content().length() + 96;
        }
        return Json.write(
                hint,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("session_id", conversation.sessionId().value());
                    g.writeArrayFieldStart("messages");
                    for (Message m : messages) {
                        g.writeStartObject();
                        g.writeStringField("role", m.role().wireName());
                        g.writeStringField("content", m.content());
                        g.writeStringField("timestamp", m.timestamp().toString());
                        if (m.turnId() != null) {
                            g.writeStringField("turn_id", m.turnId());
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    if (!messages.isEmpty()) {
                        g.writeStringField("created_at", messages.get(0).timestamp().toString());
                        g.writeStringField(
                                "updated_at",
                                messages.get(messages.size() - 1).timestamp().toString());
                    }
                    g.writeEndObject();
                });
    }

    /**
     * Reads a stored conversation.
     *
     * @param expected the session the file was stored under; a file naming another session is
     *     corrupt
     * @throws CorruptConversationException when the bytes are not a conversation of that session
     */
    public static Conversation decode(byte[] json, SessionId expected) {
        Conversation c = read(json, expected);
        if (expected != null && !c.sessionId().equals(expected)) {
            throw new CorruptConversationException(
                    expected, "it names session_id " + c.sessionId().value(), null);
        }
        return c;
    }

    /** Reads a stored conversation whose session is not known in advance. */
    public static Conversation decode(byte[] json) {
        return read(json, null);
    }

    private static Conversation read(byte[] json, SessionId where) {
        if (json == null || json.length == 0) {
            throw new CorruptConversationException(where, "the file is empty", null);
        }
        try (JsonParser p = Json.parser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptConversationException(
                        where, "the top level is not an object", null);
            }
            SessionId id = null;
            List<Message> messages = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "session_id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new CorruptConversationException(
                                    where, "session_id is not a string", null);
                        }
                        id = SessionId.parse(p.getText());
                    }
                    case "messages" -> messages = readMessages(p, where);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new CorruptConversationException(
                        where, "there is data after the top-level object", null);
            }
            if (id == null) {
                throw new CorruptConversationException(where, "session_id is missing", null);
            }
            if (messages == null) {
                throw new CorruptConversationException(where, "messages is missing", null);
            }
            return new Conversation(id, messages);
        } catch (InvalidSessionIdException e) {
            throw new CorruptConversationException(where, "session_id is not a UUID", e);
        } catch (StreamReadException e) {
            throw new CorruptConversationException(
                    where, "malformed JSON at " + e.getLocation().offsetDescription(), e);
        } catch (IOException e) {
            throw new CorruptConversationException(where, "unreadable JSON", e);
        }
    }

    private static List<Message> readMessages(JsonParser p, SessionId where) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new CorruptConversationException(where, "messages is not an array", null);
        }
        List<Message> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new CorruptConversationException(
                        where, "message " + out.size() + " is not an object", null);
            }
            String role = null;
            String content = null;
            String timestamp = null;
            String turnId = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "role" -> role = stringOrNull(p, value);
                    case "content" -> content = stringOrNull(p, value);
                    case "timestamp" -> timestamp = stringOrNull(p, value);
                    case "turn_id" -> turnId = stringOrNull(p, value);
                    default -> p.skipChildren();
                }
            }
            if (role == null || content == null || timestamp == null) {
                throw new CorruptConversationException(
                        where,
                        "message " + out.size() + " lacks a string role, content or timestamp",
                        null);
            }
            Role r;
            try {
                r = Role.fromWireName(role);
            } catch (IllegalArgumentException e) {
                throw new CorruptConversationException(
                        where, "message " + out.size() + " has role " + role, e);
            }
            // a turn id is only a retry's hint: one that is not a usable id is dropped, not a
            // reason to refuse the file
            if (turnId != null
                    && (turnId.isBlank() || turnId.length() > Message.MAX_TURN_ID_LENGTH)) {
                turnId = null;
            }
            out.add(new Message(r, content, parseTime(timestamp, where, out.size()), turnId));
        }
        return out;
    }

    private static String stringOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static Instant parseTime(String text, SessionId where, int index) {
        Instant fast = IsoInstant.parseCanonical(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    // the Python twin writes datetime.now().isoformat(): no offset; read it as UTC
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new CorruptConversationException(
                            where, "message " + index + " has timestamp " + text, e);
                }
            }
        }
    }
}
