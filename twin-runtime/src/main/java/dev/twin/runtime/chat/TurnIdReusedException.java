package dev.twin.runtime.chat;

/**
 * Thrown when a visitor's {@code turn_id} is already stored in the conversation with another
 * message. 409.
 */
public final class TurnIdReusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TurnIdReusedException(SessionId id) {
        super(
                "this turn_id was already used for a different message in conversation "
                        + id.value()
                        + "; send a new turn_id with a new message (the same one only to resend the same message)");
    }
}
