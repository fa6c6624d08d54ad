package dev.twin.runtime.chat;

import java.util.ArrayList;
import java.util.List;

/** Picks the part of a conversation the model sees: the newest messages within both budgets. */
public final class HistoryWindow {

    private HistoryWindow() {}

    /**
     * The window ending with {@code newUserMessage}: at most {@code maxMessages} messages and
     * {@code maxChars} characters of content, dropping the oldest first. The new message is always
     * kept, and the window never starts with an assistant message (chat APIs such as Bedrock
     * Converse require the first message to be the user's), and roles alternate.
     */
    public static List<Message> of(
            List<Message> stored, Message newUserMessage, int maxMessages, int maxChars) {
        int budget = maxChars - newUserMessage.content().length();
        int from = stored.size();
        int count = 1;
        while (from > 0 && count < maxMessages) {
            int len = stored.get(from - 1).content().length();
            if (len > budget) {
                break;
            }
            budget -= len;
            from--;
            count++;
        }
        while (from < stored.size() && stored.get(from).role() != Role.USER) {
            from++;
        }
        // Roles must alternate (Bedrock Converse rejects two user messages in a row). Files written
        // by
        // this runtime always do, but one written by another tool may not: keep the newer of a
        // pair.
        List<Message> window = new ArrayList<>(stored.size() - from + 1);
        for (Message m : stored.subList(from, stored.size())) {
            if (!window.isEmpty() && window.get(window.size() - 1).role() == m.role()) {
                window.set(window.size() - 1, m);
            } else {
                window.add(m);
            }
        }
        if (!window.isEmpty() && window.get(window.size() - 1).role() == Role.USER) {
            window.remove(window.size() - 1); // a question that never got its answer
        }
        window.add(newUserMessage);
        return window;
    }
}
