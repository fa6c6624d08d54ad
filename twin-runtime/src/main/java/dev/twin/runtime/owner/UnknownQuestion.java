package dev.twin.runtime.owner;

import dev.twin.runtime.chat.SessionId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Value: a question the twin could not answer from the persona, recorded by the model's {@code
 * record_unknown_question} tool (or the offline model's rule); stored as {@code
 * unknown/{yyyy-mm-dd}/{id}.json}.
 */
public record UnknownQuestion(UUID id, String question, SessionId sessionId, Instant created) {
    public UnknownQuestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(created, "created");
        question = Untrusted.text("question", question, Untrusted.MAX_QUESTION);
    }

    public static UnknownQuestion of(String question, SessionId sessionId, Instant created) {
        return new UnknownQuestion(UUID.randomUUID(), question, sessionId, created);
    }
}
