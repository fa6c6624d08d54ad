package dev.twin.runtime.json;

import dev.twin.runtime.chat.SessionId;

/**
 * Thrown when a stored conversation file is not a readable conversation; carries the session and
 * what is wrong. The API answers 409 asking the visitor to start a new conversation, and nothing
 * overwrites the damaged file, so an operator can still inspect it.
 */
public final class CorruptConversationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SessionId sessionId;

    public CorruptConversationException(SessionId sessionId, String problem, Throwable cause) {
        super(
                "stored conversation "
                        + (sessionId == null ? "(unknown)" : sessionId.value())
                        + " is not valid JSON of the expected shape: "
                        + problem,
                cause);
        this.sessionId = sessionId;
    }

    /** The session whose file is damaged, or {@code null} when it was not known. */
    public SessionId sessionId() {
        return sessionId;
    }
}
