package dev.twin.runtime.chat;

/** Thrown when a turn lost every compare-and-swap race it was allowed; nothing was written. 409. */
public final class ConversationBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConversationBusyException(SessionId id, int attempts) {
        super(
                "conversation "
                        + id.value()
                        + " kept changing under "
                        + attempts
                        + " write attempts; send the message again");
    }
}
