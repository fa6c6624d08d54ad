package dev.twin.runtime.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Value: a whole conversation, oldest message first. Immutable; {@link #append} returns a copy. */
public record Conversation(SessionId sessionId, List<Message> messages) {
    public Conversation {
        Objects.requireNonNull(sessionId, "sessionId");
        messages = List.copyOf(messages);
    }

    public static Conversation empty(SessionId id) {
        return new Conversation(id, List.of());
    }

    /**
     * Whether a message of turn {@code turnId} is stored here (newest first: a retried turn is near
     * the end).
     */
    public boolean hasTurn(String turnId) {
        return newest(turnId, null).isPresent();
    }

    /** The newest message of turn {@code turnId} with {@code role}, if stored here. */
    public Optional<Message> turnMessage(String turnId, Role role) {
        return newest(turnId, Objects.requireNonNull(role, "role"));
    }

    /** The newest message of the turn, of {@code role} or of any role when {@code null}. */
    private Optional<Message> newest(String turnId, Role role) {
        for (int i = messages.size() - 1; i >= 0 && turnId != null; i--) {
            Message m = messages.get(i);
            if ((role == null || m.role() == role) && turnId.equals(m.turnId())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public Conversation append(List<Message> more) {
        List<Message> all = new ArrayList<>(messages.size() + more.size());
        all.addAll(messages);
        all.addAll(more);
        return new Conversation(sessionId, all);
    }
}
