package dev.twin.runtime.chat;

import java.util.Objects;

/** Value: the model's answer and the token counts it reported ({@code -1} when it reports none). */
public record ModelReply(String text, int inputTokens, int outputTokens) {
    public ModelReply {
        Objects.requireNonNull(text, "text");
    }
}
