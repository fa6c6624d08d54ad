package dev.twin.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnSinkTest {

    private final List<String> seen = new ArrayList<>();

    @Test
    void secondPart_followsTheFirstAfterABlankLine_andTheReplyIsWhatWasHandedOver() {
        // Given a turn that said something before its tool call
        TurnSink turn = new TurnSink(seen::add);
        turn.accept("Let me note that.");

        // When the follow-up's answer starts
        turn.separateNext();
        turn.accept("Done");
        turn.accept(", thanks.");

        // Then
        assertThat(seen).containsExactly("Let me note that.", "\n\n", "Done", ", thanks.");
        assertThat(turn.reply(3, 4))
                .isEqualTo(new ModelReply("Let me note that.\n\nDone, thanks.", 3, 4));
    }

    @Test
    void secondPart_withNothingSaidBefore_hasNoBlankLine() {
        TurnSink turn = new TurnSink(seen::add);

        turn.separateNext();
        turn.accept("Thanks.");

        assertThat(seen).containsExactly("Thanks.");
        assertThat(turn.sentAny()).isTrue();
    }

    @Test
    void afterTheSinkAsksToStop_nothingMoreGoesOut() {
        // Given a sink (the reply guard) that stops at its second piece
        TurnSink turn =
                new TurnSink(
                        piece -> {
                            seen.add(piece);
                            return seen.size() < 2;
                        });

        // When
        boolean first = turn.accept("one ");
        boolean second = turn.accept("two ");
        boolean third = turn.accept("three");

        // Then
        assertThat(List.of(first, second, third)).containsExactly(true, false, false);
        assertThat(seen).containsExactly("one ", "two ");
        assertThat(turn.stopped()).isTrue();
        assertThat(turn.reply(-1, -1).text()).isEqualTo("one two ");
    }

    @Test
    void emptyPieces_areNotHandedOver() {
        TurnSink turn = new TurnSink(seen::add);

        assertThat(turn.accept("")).isTrue();

        assertThat(seen).isEmpty();
        assertThat(turn.sentAny()).isFalse();
    }
}
