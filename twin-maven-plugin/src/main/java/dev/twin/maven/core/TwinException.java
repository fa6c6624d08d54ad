package dev.twin.maven.core;

/** Base of every failure reported to the user: the message names the bad value and the fix. */
public abstract class TwinException extends RuntimeException {

    protected TwinException(String message) {
        super(message);
    }

    protected TwinException(String message, Throwable cause) {
        super(message, cause);
    }
}
