package dev.twin.runtime.port;

/** Thrown when storage (S3 or the local directory) fails; the API answers 503. */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
