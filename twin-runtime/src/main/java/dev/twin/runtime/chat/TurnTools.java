package dev.twin.runtime.chat;

/** Makes the tools of one turn, bound to its conversation. */
@FunctionalInterface
public interface TurnTools {

    /**
     * @param firstVisitorMessage the conversation's first visitor message (this turn's message when
     *     the conversation is new), for the owner's notification
     */
    Tools forTurn(SessionId sessionId, String firstVisitorMessage);
}
