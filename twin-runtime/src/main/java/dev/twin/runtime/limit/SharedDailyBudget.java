package dev.twin.runtime.limit;

import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The daily model budget shared by every process and Lambda execution environment through a {@link
 * BudgetStore}. A process leases a block of calls from the day's counter with one compare-and-swap
 * (read, add, conditional write) and spends it locally, so most turns cost no store request; the
 * tokens it counted ride along with the next lease.
 *
 * <p><b>Bounds.</b> A lease never takes more than the calls left, so the calls answered in a day
 * never exceed the call budget: overshoot 0. The price is calls leased but not used: at most {@code
 * lease - 1} per process that stops holding a lease ({@link #close()} gives them back on a clean
 * shutdown; a recycled Lambda environment keeps them), and leases shrink to one call when fewer
 * than {@code 4 x lease} are left. Tokens are counted after each call and published with the next
 * lease, so the token budget can be overshot by the tokens of at most {@code lease} calls per live
 * process (plus the call in flight in each).
 *
 * <p><b>Fails closed.</b> When the store cannot be read or written, or the counter stays contended
 * past {@link #MAX_ATTEMPTS}, no call is allowed ({@link BudgetUnavailableException}).
 */
public final class SharedDailyBudget implements ModelBudget {

    /** Compare-and-swap attempts per lease before the budget reports itself unavailable. */
    public static final int MAX_ATTEMPTS = 25;

    private final BudgetStore store;
    private final long maxCalls;
    private final long maxTokens;
    private final int lease;
    private final Clock clock;

    private LocalDate day;
    private long leasedLeft;
    private long pendingTokens;
    private long callsToday;
    private long tokensToday;

    /**
     * @param maxCalls model calls per UTC day for the whole fleet; 0 = no call budget
     * @param maxTokens tokens per UTC day for the whole fleet; 0 = no token budget
     * @param lease calls taken from the shared counter at a time (at least 1)
     */
    public SharedDailyBudget(
            BudgetStore store, long maxCalls, long maxTokens, int lease, Clock clock) {
        if (maxCalls < 0 || maxTokens < 0 || lease < 1) {
            throw new IllegalArgumentException(
                    "daily budgets cannot be negative and a lease is at least 1 call: calls "
                            + maxCalls
                            + ", tokens "
                            + maxTokens
                            + ", lease "
                            + lease);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.maxCalls = maxCalls;
        this.maxTokens = maxTokens;
        this.lease = lease;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void reserveCall() {
        rollOver();
        if (leasedLeft == 0) {
            takeLease();
        }
        leasedLeft--;
        callsToday++;
    }

    @Override
    public synchronized void spendTokens(int inputTokens, int outputTokens) {
        rollOver();
        long spent = Math.max(0, inputTokens) + Math.max(0, outputTokens);
        pendingTokens += spent;
        tokensToday += spent;
    }

    @Override
    public synchronized long callsToday() {
        rollOver();
        return callsToday;
    }

    @Override
    public synchronized long tokensToday() {
        rollOver();
        return tokensToday;
    }

    /** Calls this process holds but has not used (tests, the worst-case figure). */
    public synchronized long leasedLeft() {
        rollOver();
        return leasedLeft;
    }

    /**
     * Gives back the unused calls of the current lease and publishes the tokens counted since the
     * last lease (a clean shutdown). Best effort: a failure is logged, never thrown.
     */
    public synchronized void close() {
        rollOver();
        if (leasedLeft == 0 && pendingTokens == 0) {
            return;
        }
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<Versioned<BudgetDay>> found = store.find(day);
                if (found.isEmpty()) {
                    return; // nothing to give back to
                }
                BudgetDay d = found.get().value();
                BudgetDay back =
                        new BudgetDay(
                                day,
                                Math.max(0, d.calls() - leasedLeft),
                                d.tokens() + pendingTokens);
                try {
                    store.put(back, found.get().version());
                    leasedLeft = 0;
                    pendingTokens = 0;
                    return;
                } catch (VersionConflictException lost) {
                    backOff(attempt);
                }
            }
        } catch (StoreUnavailableException e) {
            Log.warn("budget_release_failed", String.valueOf(e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return "shared daily budget ("
                + (maxCalls == 0 ? "no call cap" : maxCalls + " calls")
                + ", "
                + (maxTokens == 0 ? "no token cap" : maxTokens + " tokens")
                + ", leases of "
                + lease
                + ") in "
                + store.describe();
    }

    private void takeLease() {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Versioned<BudgetDay>> found;
            try {
                found = store.find(day);
            } catch (StoreUnavailableException e) {
                throw unavailable(e);
            }
            BudgetDay d = found.isPresent() ? found.get().value() : BudgetDay.empty(day);
            String version = found.isPresent() ? found.get().version() : null;
            long tokens = d.tokens() + pendingTokens;
            boolean tokensSpent = maxTokens > 0 && tokens >= maxTokens;
            long left = maxCalls > 0 ? maxCalls - d.calls() : Long.MAX_VALUE;
            if (tokensSpent || left <= 0) {
                publishTokens(found);
                throw new DailyLimitReachedException(
                        tokensSpent ? "tokens" : "calls", secondsUntilTomorrow());
            }
            long grant = left < 4L * lease ? 1 : lease;
            try {
                store.put(new BudgetDay(day, d.calls() + grant, tokens), version);
                leasedLeft = grant;
                pendingTokens = 0;
                return;
            } catch (VersionConflictException lost) {
                backOff(attempt);
            } catch (StoreUnavailableException e) {
                throw unavailable(e);
            }
        }
        throw new BudgetUnavailableException(
                "the shared daily budget in "
                        + store.describe()
                        + " stayed contended for "
                        + MAX_ATTEMPTS
                        + " attempts; no model call without it",
                null);
    }

    /** On a refusal, still publish this process's tokens once (best effort) so others see them. */
    private void publishTokens(Optional<Versioned<BudgetDay>> found) {
        if (pendingTokens == 0) {
            return;
        }
        BudgetDay d = found.isPresent() ? found.get().value() : BudgetDay.empty(day);
        try {
            store.put(
                    new BudgetDay(day, d.calls(), d.tokens() + pendingTokens),
                    found.isPresent() ? found.get().version() : null);
            pendingTokens = 0;
        } catch (VersionConflictException | StoreUnavailableException ignored) {
            // the next lease or refusal publishes them
        }
    }

    private BudgetUnavailableException unavailable(StoreUnavailableException e) {
        return new BudgetUnavailableException(
                "the shared daily budget cannot be read or written, so no model call is allowed: "
                        + e.getMessage(),
                e);
    }

    private static void backOff(int attempt) {
        long max = Math.min(50, 2L * attempt);
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(max));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BudgetUnavailableException("interrupted while leasing model calls", e);
        }
    }

    private void rollOver() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            leasedLeft = 0; // yesterday's lease is worth nothing today
            pendingTokens = 0;
            callsToday = 0;
            tokensToday = 0;
        }
    }

    private long secondsUntilTomorrow() {
        Instant now = clock.instant();
        Instant midnight = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, (Duration.between(now, midnight).toMillis() + 999) / 1000);
    }
}
