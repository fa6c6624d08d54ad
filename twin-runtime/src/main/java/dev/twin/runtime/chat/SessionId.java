package dev.twin.runtime.chat;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Value: a conversation's id, always a canonical lower-case UUID so it is safe as an object key.
 */
public record SessionId(String value) {

    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public SessionId {
        if (value == null || value.length() != 36 || !UUID_PATTERN.matcher(value).matches()) {
            throw new InvalidSessionIdException();
        }
    }

    /** Parses visitor input; upper-case hex is accepted and normalised. */
    public static SessionId parse(String raw) {
        if (raw == null || raw.length() != 36) {
            throw new InvalidSessionIdException();
        }
        return new SessionId(raw.toLowerCase(Locale.ROOT));
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
