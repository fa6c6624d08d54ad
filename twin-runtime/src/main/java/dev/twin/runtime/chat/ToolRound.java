package dev.twin.runtime.chat;

import java.time.Duration;

/**
 * The time rules of a turn's one tool round, shared by the model adapters. The whole model phase
 * (first call, the tools, the follow-up call) stays inside the adapter's call budget (16 s), so the
 * turn's worst case (docs/FAULTS.md, {@code TurnBudgetTest}) is unchanged: tools run only while
 * {@link #TOOLS_RESERVE} is left (a record put and a notification, each bounded by its client), and
 * the follow-up call only while {@link #MIN_FOLLOW_UP} is left; otherwise the visitor gets the
 * tools' fallback reply.
 */
public final class ToolRound {

    /** Worst case of the tools: S3 put (4 s) + owner notification (3 s). */
    public static final Duration TOOLS_RESERVE = Duration.ofSeconds(7);

    /** Less than this left, a follow-up call would only time out. */
    public static final Duration MIN_FOLLOW_UP = Duration.ofSeconds(1);

    /**
     * A streamed call's arguments are gathered up to this many characters (the owner's tools refuse
     * more than 8 KB anyway): a model that keeps streaming arguments cannot grow them without
     * bound; the call is then answered with an error, not run.
     */
    public static final int MAX_ARGUMENT_CHARS = 16_384;

    /** At most this many calls run in the round; more get an error result. */
    public static final int MAX_CALLS = 2;

    private final long deadlineNanos;

    private ToolRound(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A round whose model phase started now and must end within {@code budget}. */
    public static ToolRound startingNow(Duration budget) {
        return new ToolRound(System.nanoTime() + budget.toNanos());
    }

    /** A round ending at {@code deadlineNanos} ({@link System#nanoTime()} scale). */
    public static ToolRound endingAt(long deadlineNanos) {
        return new ToolRound(deadlineNanos);
    }

    public Duration left() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /** Whether the tools may still run (their worst case fits). */
    public boolean mayRunTools() {
        return left().compareTo(TOOLS_RESERVE) >= 0;
    }

    /** Tokens of the round's two calls; unknown ({@code -1}) when either is. */
    public static int sumTokens(int first, int followUp) {
        return first < 0 || followUp < 0 ? -1 : first + followUp;
    }

    /** The follow-up call's timeout, or {@code null} when too little time is left for one. */
    public Duration followUpTimeout() {
        Duration left = left();
        return left.compareTo(MIN_FOLLOW_UP) >= 0 ? left : null;
    }
}
