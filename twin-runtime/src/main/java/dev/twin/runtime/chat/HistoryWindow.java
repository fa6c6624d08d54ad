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
   * Converse require the first message to be the user's).
   */
  public static List<Message> of(List<Message> stored, Message newUserMessage, int maxMessages, int maxChars) {
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
    List<Message> window = new ArrayList<>(stored.size() - from + 1);
    window.addAll(stored.subList(from, stored.size()));
    window.add(newUserMessage);
    return window;
  }
}
