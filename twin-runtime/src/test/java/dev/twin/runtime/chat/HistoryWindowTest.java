package dev.twin.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

    private static Message user(String text) {
        return new Message(Role.USER, text, Instant.EPOCH);
    }

    private static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text, Instant.EPOCH);
    }

    @Test
    void of_emptyHistory_isJustTheNewMessage() {
        assertThat(HistoryWindow.of(List.of(), user("hi"), 20, 1000)).containsExactly(user("hi"));
    }

    @Test
    void of_rolesThatDoNotAlternate_keepTheNewerOfEachPair_andDropAnUnansweredQuestion() {
        List<Message> stored =
                List.of(
                        user("q1"),
                        user("q1 again"),
                        assistant("a1"),
                        assistant("a1 edited"),
                        user("q2"));

        assertThat(HistoryWindow.of(stored, user("q3"), 20, 1000))
                .containsExactly(user("q1 again"), assistant("a1 edited"), user("q3"));
    }

    @Test
    void of_newMessageAloneOverTheBudget_isStillSent() {
        assertThat(
                        HistoryWindow.of(
                                List.of(user("old"), assistant("older")),
                                user("x".repeat(50)),
                                20,
                                10))
                .containsExactly(user("x".repeat(50)));
    }

    @Test
    void of_messageLimitOfOne_sendsOnlyTheNewMessage() {
        assertThat(HistoryWindow.of(List.of(user("q"), assistant("a")), user("new"), 1, 1000))
                .containsExactly(user("new"));
    }
}
