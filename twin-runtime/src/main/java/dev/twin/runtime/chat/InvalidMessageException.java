package dev.twin.runtime.chat;

/** Thrown when the visitor's message is missing, blank or too long; the API answers 400. */
public final class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String message) {
        super(message);
    }
}
