package dev.twin.runtime.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How many model calls and tokens this process may spend per UTC day. Calls are counted before the
 * call (so concurrent turns cannot overshoot the call budget), tokens after it (as the model
 * reports them; a turn already under way may overshoot the token budget by its own size).
 *
 * <p>Per process: for a twin whose processes share a store (every wired twin), {@link
 * SharedDailyBudget} is the one in use; this one serves tests and embedders that wire their own
 * adapters.
 */
public final class DailyBudget implements ModelBudget {

    private final long maxCalls;
    private final long maxTokens;
    private final Clock clock;
    private LocalDate day;
    private long calls;
    private long tokens;

    /**
     * @param maxCalls model calls per UTC day; 0 = no call budget
     * @param maxTokens input + output tokens per UTC day; 0 = no token budget
     */
    public DailyBudget(long maxCalls, long maxTokens, Clock clock) {
        if (maxCalls < 0 || maxTokens < 0) {
            throw new IllegalArgumentException(
                    "daily budgets cannot be negative: calls "
                            + maxCalls
                            + ", tokens "
                            + maxTokens);
        }
        this.maxCalls = maxCalls;
        this.maxTokens = maxTokens;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reserves one model call.
     *
     * @throws DailyLimitReachedException when today's calls or tokens are spent
     */
    @Override
    public synchronized void reserveCall() {
        rollOver();
        if (maxCalls > 0 && calls >= maxCalls || maxTokens > 0 && tokens >= maxTokens) {
            throw new DailyLimitReachedException(
                    maxCalls > 0 && calls >= maxCalls ? "calls" : "tokens", secondsUntilTomorrow());
        }
        calls++;
    }

    /** Adds what a call reported ({@code -1} counts as 0: unknown). */
    @Override
    public synchronized void spendTokens(int inputTokens, int outputTokens) {
        rollOver();
        tokens += Math.max(0, inputTokens) + Math.max(0, outputTokens);
    }

    /** Model calls counted today. */
    @Override
    public synchronized long callsToday() {
        rollOver();
        return calls;
    }

    /** Tokens counted today. */
    @Override
    public synchronized long tokensToday() {
        rollOver();
        return tokens;
    }

    private void rollOver() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            calls = 0;
            tokens = 0;
        }
    }

    private long secondsUntilTomorrow() {
        Instant now = clock.instant();
        Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, (Duration.between(now, midnight).toMillis() + 999) / 1000);
    }
}
