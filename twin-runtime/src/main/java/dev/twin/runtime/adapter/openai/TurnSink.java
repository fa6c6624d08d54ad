package dev.twin.runtime.adapter.openai;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.port.DeltaSink;

/**
 * The turn's side of the sink: everything handed over (which is the reply's text), whether the sink
 * asked to stop, and the blank line between what the model said before a tool call and what it says
 * after it.
 */
final class TurnSink implements DeltaSink {
    private final DeltaSink sink;
    private final StringBuilder sent = new StringBuilder();
    private boolean separate;
    private boolean stopped;

    TurnSink(DeltaSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean accept(String piece) {
        if (stopped) {
            return false;
        }
        if (separate && !sent.isEmpty() && !hand("\n\n")) {
            return false;
        }
        separate = false;
        return hand(piece);
    }

    private boolean hand(String piece) {
        sent.append(piece);
        if (!sink.accept(piece)) {
            stopped = true;
        }
        return !stopped;
    }

    /** The next piece, if text was sent before, follows it after a blank line. */
    void separateNext() {
        separate = true;
    }

    /** Whether the caller asked to stop (the reply guard withheld the text). */
    boolean stopped() {
        return stopped;
    }

    /** Whether anything reached the caller: from then on, nothing may be retried. */
    boolean sentAny() {
        return !sent.isEmpty();
    }

    /** The reply: exactly what was handed over. */
    ModelReply reply(int inputTokens, int outputTokens) {
        return new ModelReply(sent.toString(), inputTokens, outputTokens);
    }
}
