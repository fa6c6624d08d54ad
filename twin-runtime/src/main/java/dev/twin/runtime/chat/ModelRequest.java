package dev.twin.runtime.chat;

import java.util.List;
import java.util.Objects;

/**
 * Value: what a model sees: the system prompt (persona + rules) and the bounded history window,
 * oldest first, ending with the visitor's new message; and the turn's tools ({@code null}: none).
 */
public record ModelRequest(String systemPrompt, List<Message> history, Tools tools) {

    public ModelRequest(String systemPrompt, List<Message> history) {
        this(systemPrompt, history, null);
    }

    public ModelRequest {
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        history = List.copyOf(history);
        if (history.isEmpty() || history.get(history.size() - 1).role() != Role.USER) {
            throw new IllegalArgumentException("history must end with the user's message");
        }
    }
}
