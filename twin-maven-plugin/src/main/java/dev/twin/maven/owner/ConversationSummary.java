package dev.twin.maven.owner;

import java.time.Instant;

/** Value: one line of {@code twin:conversations}. */
public record ConversationSummary(
        String id, Instant started, Instant lastActivity, int turns, String firstMessage) {}
