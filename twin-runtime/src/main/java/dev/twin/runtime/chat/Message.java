package dev.twin.runtime.chat;

import java.time.Instant;
import java.util.Objects;

/** Value: one turn's message as stored and as sent to the model. */
public record Message(Role role, String content, Instant timestamp) {
  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
