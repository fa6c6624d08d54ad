package dev.twin.maven.owner;

import dev.twin.maven.core.TwinException;

/** {@code -Dtwin.conversation=<id>} names no stored conversation. */
public final class ConversationNotFoundException extends TwinException {

    public ConversationNotFoundException(String id, String where) {
        super(
                "No conversation "
                        + id
                        + " in "
                        + where
                        + " — list them with `mvn twin:conversations` (add -Dtwin.local for twin:run's), "
                        + "or it was deleted or has expired");
    }
}
