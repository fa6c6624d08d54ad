package dev.twin.runtime.chat;

/** Thrown when a conversation that was asked for by id does not exist; the API answers 404. */
public final class ConversationNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SessionId sessionId;

    public ConversationNotFoundException(SessionId sessionId) {
        super(
                "no conversation "
                        + sessionId.value()
                        + "; send a message to POST /chat to start one");
        this.sessionId = sessionId;
    }

    public SessionId sessionId() {
        return sessionId;
    }
}
