package dev.twin.runtime.chat;

import java.util.List;

/**
 * The tools a turn offers the model, bound to that turn's conversation. Adapters send {@link
 * #specs()} with the request and pass each call the model makes to {@link #call}; at most one round
 * of calls per turn ({@link ToolRound}).
 */
public interface Tools {

    List<ToolSpec> specs();

    /**
     * Runs one call. Never throws: a bad name, bad JSON or a bad argument is an error result the
     * model reads, not a failure of the visitor's turn.
     *
     * @param argumentsJson the arguments object as the model sent it (untrusted)
     */
    ToolResult call(String name, String argumentsJson);

    /**
     * What the visitor reads when the model used a tool but no time was left to let it answer after
     * the result.
     */
    String fallbackReply(List<ToolResult> results);
}
