package dev.twin.runtime.chat;

/** Thrown when a session id is not a UUID; the bad value is deliberately not echoed back. */
public final class InvalidSessionIdException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSessionIdException() {
        super(
                "session_id must be a UUID such as 3f1c2a9e-8d4b-4c1e-9f0a-2b7d6e5c4a31; omit it to start a new conversation");
    }
}
