package dev.twin.runtime.owner;

/**
 * A tool argument the model sent is unusable; the message (what is wrong, what to send) goes back
 * to the model as the tool's error, never to the visitor as a 5xx.
 */
public final class InvalidToolArgumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidToolArgumentException(String message) {
        super(message, null, false, false);
    }
}
