package dev.twin.runtime.owner;

import dev.twin.runtime.chat.SessionId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Value: a visitor's contact details, recorded by the model's {@code record_contact} tool (or the
 * offline model's rule); stored as {@code leads/{yyyy-mm-dd}/{id}.json}. Validates itself: a
 * plausible address, plain capped text.
 */
public record Lead(
        UUID id, String email, String name, String note, SessionId sessionId, Instant created) {
    public Lead {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(created, "created");
        email = Untrusted.email(email);
        name = Untrusted.optionalText("name", name, Untrusted.MAX_NAME);
        note = Untrusted.optionalText("note", note, Untrusted.MAX_NOTE);
    }

    /** A new lead with a random id. */
    public static Lead of(
            String email, String name, String note, SessionId sessionId, Instant created) {
        return new Lead(UUID.randomUUID(), email, name, note, sessionId, created);
    }
}
