package dev.twin.runtime.chat;

import java.util.Objects;

/** Value: what one chat turn produced, with the figures the request log and metrics need. */
public record ChatOutcome(
        SessionId sessionId, ModelReply reply, long modelLatencyMs, int writeAttempts) {
    public ChatOutcome {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(reply, "reply");
    }
}
