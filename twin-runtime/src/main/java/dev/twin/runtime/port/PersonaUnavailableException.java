package dev.twin.runtime.port;

/** Thrown when the persona cannot be loaded (no me.txt, storage down with nothing cached); 503. */
public final class PersonaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersonaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
