package dev.twin.runtime.chat;

import java.util.List;
import java.util.Objects;

/**
 * Value: a tool offered to the model: its name, when to use it, and its string parameters (each
 * adapter writes the JSON schema its API wants from these).
 */
public record ToolSpec(String name, String description, List<Param> params) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        params = List.copyOf(params);
    }

    /** A string parameter with a length cap the schema states (the tool checks it again). */
    public record Param(String name, String description, boolean required, int maxLength) {}
}
