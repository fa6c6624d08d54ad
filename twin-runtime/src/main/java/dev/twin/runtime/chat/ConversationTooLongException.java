package dev.twin.runtime.chat;

/** Thrown before calling the model when a turn would take a conversation past its size cap; 409. */
public final class ConversationTooLongException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long sizeBytes;
    private final long capBytes;

    public ConversationTooLongException(SessionId id, long sizeBytes, long capBytes) {
        super(
                "conversation "
                        + id.value()
                        + " would reach "
                        + sizeBytes
                        + " bytes, over the "
                        + capBytes
                        + "-byte cap; start a new conversation (send no session_id)");
        this.sizeBytes = sizeBytes;
        this.capBytes = capBytes;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long capBytes() {
        return capBytes;
    }
}
