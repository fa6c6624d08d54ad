package dev.twin.runtime.chat;

import java.time.Instant;
import java.util.Objects;

/**
 * Value: one turn's message as stored and as sent to the model.
 *
 * @param turnId the id both messages of a turn share, so a retried write can tell that its turn is
 *     already stored; {@code null} for messages stored before turn ids existed
 */
public record Message(Role role, String content, Instant timestamp, String turnId) {

    /** Longest accepted turn id (a UUID has 36 characters). */
    public static final int MAX_TURN_ID_LENGTH = 64;

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(timestamp, "timestamp");
        if (turnId != null && (turnId.isBlank() || turnId.length() > MAX_TURN_ID_LENGTH)) {
            throw new IllegalArgumentException(
                    "turnId must be 1 to "
                            + MAX_TURN_ID_LENGTH
                            + " non-blank characters, was '"
                            + (turnId.length() > MAX_TURN_ID_LENGTH
                                    ? turnId.substring(0, MAX_TURN_ID_LENGTH) + "..."
                                    : turnId)
                            + "'");
        }
    }

    /** A message outside any identified turn (seeds, tests, conversations from before turn ids). */
    public Message(Role role, String content, Instant timestamp) {
        this(role, content, timestamp, null);
    }
}
