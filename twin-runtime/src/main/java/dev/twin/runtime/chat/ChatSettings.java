package dev.twin.runtime.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * Value: the chat use case's limits and identity.
 *
 * @param twinName who the twin is, for the prompt and greetings
 * @param historyMessages how many stored messages the model sees at most (the new one included)
 * @param historyChars the character budget of that window; the oldest messages go first
 * @param maxMessageChars the longest visitor message accepted
 * @param maxConversationBytes the stored size past which a conversation takes no more turns
 * @param maxWriteAttempts how many compare-and-swap attempts a turn gets before giving up
 * @param retryBackoff the first back-off after a lost race; it doubles, with jitter
 */
public record ChatSettings(
        String twinName,
        int historyMessages,
        int historyChars,
        int maxMessageChars,
        int maxConversationBytes,
        int maxWriteAttempts,
        Duration retryBackoff) {

    public static final int DEFAULT_HISTORY_MESSAGES = 20;
    public static final int DEFAULT_HISTORY_CHARS = 16_000;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4_000;
    public static final int DEFAULT_MAX_CONVERSATION_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 8;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(15);

    public ChatSettings {
        Objects.requireNonNull(twinName, "twinName");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (twinName.isBlank()) {
            throw new IllegalArgumentException("twinName is blank");
        }
        if (historyMessages < 1
                || historyChars < 1
                || maxMessageChars < 1
                || maxConversationBytes < 1
                || maxWriteAttempts < 1) {
            throw new IllegalArgumentException(
                    "chat limits must be positive: "
                            + historyMessages
                            + ", "
                            + historyChars
                            + ", "
                            + maxMessageChars
                            + ", "
                            + maxConversationBytes
                            + ", "
                            + maxWriteAttempts);
        }
    }

    /** The defaults, for a twin called {@code twinName}. */
    public static ChatSettings defaults(String twinName) {
        return new ChatSettings(
                twinName,
                DEFAULT_HISTORY_MESSAGES,
                DEFAULT_HISTORY_CHARS,
                DEFAULT_MAX_MESSAGE_CHARS,
                DEFAULT_MAX_CONVERSATION_BYTES,
                DEFAULT_MAX_WRITE_ATTEMPTS,
                DEFAULT_RETRY_BACKOFF);
    }
}
