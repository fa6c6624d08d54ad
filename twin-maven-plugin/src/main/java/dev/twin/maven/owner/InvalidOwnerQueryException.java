package dev.twin.maven.owner;

import dev.twin.maven.core.TwinException;

/** A bad value of {@code twin.since}, {@code twin.limit} or {@code twin.conversation}. */
public final class InvalidOwnerQueryException extends TwinException {

    public InvalidOwnerQueryException(String property, String value, String fix) {
        super(property + "=" + value + " is not valid — " + fix);
    }
}
