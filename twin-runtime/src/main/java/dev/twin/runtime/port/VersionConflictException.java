package dev.twin.runtime.port;

/** Thrown by a store when a conditional write lost the race; the caller re-reads and retries. */
public final class VersionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String message) {
        super(message, null, false, false);
    }
}
