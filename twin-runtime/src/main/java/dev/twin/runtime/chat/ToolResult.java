package dev.twin.runtime.chat;

import java.util.Objects;

/** Value: what a tool answers the model: a short text, marked as an error when the call failed. */
public record ToolResult(String content, boolean error) {
    public ToolResult {
        Objects.requireNonNull(content, "content");
    }

    public static ToolResult ok(String content) {
        return new ToolResult(content, false);
    }

    public static ToolResult error(String content) {
        return new ToolResult(content, true);
    }
}
