package dev.twin.runtime.chat;

import dev.twin.runtime.port.DeltaSink;

/**
 * A streaming adapter's side of the visitor's sink for one turn, across its calls: everything
 * handed over (which is the reply's text), whether the sink asked to stop (after that nothing more
 * goes out), and the blank line between what the model said before a tool call and what it says
 * after.
 */
public final class TurnSink implements DeltaSink {
    private final DeltaSink sink;
    private final StringBuilder sent = new StringBuilder();
    private boolean separate;
    private boolean stopped;

    public TurnSink(DeltaSink sink) {
        this.sink = sink;
    }

    @Override
    public boolean accept(String piece) {
        if (stopped || piece.isEmpty()) {
            return !stopped;
        }
        if (separate) {
            separate = false;
            if (!sent.toString().isBlank() && !hand("\n\n")) {
                return false;
            }
        }
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
    public void separateNext() {
        separate = true;
    }

    /** Whether the caller asked to stop (the reply guard withheld the text). */
    public boolean stopped() {
        return stopped;
    }

    /** Whether anything reached the caller: from then on, nothing may be retried. */
    public boolean sentAny() {
        return !sent.isEmpty();
    }

    /** The reply: exactly what was handed over. */
    public ModelReply reply(int inputTokens, int outputTokens) {
        return new ModelReply(sent.toString(), inputTokens, outputTokens);
    }
}
