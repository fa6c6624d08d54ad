package dev.twin.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.adapter.local.LocalBudgetStore;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.VersionConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDailyBudgetTest {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-06T23:00:00Z"), ZoneOffset.UTC);

    @TempDir Path memoryDir;

    @Test
    void reserveCall_leasesABlock_thenSpendsItWithoutTouchingTheStore() {
        CountingStore store = new CountingStore(new LocalBudgetStore(memoryDir));
        SharedDailyBudget budget = new SharedDailyBudget(store, 1000, 0, 10, CLOCK);

        for (int i = 0; i < 10; i++) {
            budget.reserveCall();
        }

        assertThat(store.puts.get()).isEqualTo(1);
        assertThat(store.find(DAY).orElseThrow().value().calls()).isEqualTo(10);
        budget.reserveCall();
        assertThat(store.puts.get()).isEqualTo(2);
    }

    @Test
    void leases_shrinkToOneCall_nearTheEnd_andNeverExceedTheBudget() {
        SharedDailyBudget a =
                new SharedDailyBudget(new LocalBudgetStore(memoryDir), 12, 0, 5, CLOCK);
        SharedDailyBudget b =
                new SharedDailyBudget(new LocalBudgetStore(memoryDir), 12, 0, 5, CLOCK);

        a.reserveCall(); // 12 left < 4 x 5: a lease of one
        assertThat(a.leasedLeft()).isZero();
        int answered = 1;
        for (int i = 0; i < 30; i++) {
            try {
                (i % 2 == 0 ? b : a).reserveCall();
                answered++;
            } catch (DailyLimitReachedException e) {
                assertThat(e.budget()).isEqualTo("calls");
                assertThat(e.retryAfterSeconds()).isEqualTo(3600);
            }
        }

        assertThat(answered).isEqualTo(12);
    }

    @Test
    void tokens_ridealongWithTheNextLease_andStopEveryProcess_onceSpent() {
        SharedDailyBudget a =
                new SharedDailyBudget(new LocalBudgetStore(memoryDir), 0, 100, 2, CLOCK);
        SharedDailyBudget b =
                new SharedDailyBudget(new LocalBudgetStore(memoryDir), 0, 100, 2, CLOCK);
        a.reserveCall();
        a.spendTokens(60, 50); // 110 tokens: over, but only a knows
        a.reserveCall(); // still inside a's lease: the stated token overshoot
        a.spendTokens(1, 1);

        assertThatThrownBy(a::reserveCall) // the next lease publishes 112 tokens and refuses
                .isInstanceOf(DailyLimitReachedException.class)
                .extracting("budget")
                .isEqualTo("tokens");
        assertThatThrownBy(b::reserveCall).isInstanceOf(DailyLimitReachedException.class);
        assertThat(new LocalBudgetStore(memoryDir).find(DAY).orElseThrow().value().tokens())
                .isEqualTo(112);
    }

    @Test
    void anUnreachableStore_failsClosed_withoutAnsweringTheCall() throws Exception {
        Path notADirectory = Files.writeString(memoryDir.resolve("file"), "x");
        SharedDailyBudget budget =
                new SharedDailyBudget(new LocalBudgetStore(notADirectory), 10, 0, 5, CLOCK);

        assertThatThrownBy(budget::reserveCall)
                .isInstanceOf(BudgetUnavailableException.class)
                .hasMessageContaining("no model call");
        assertThat(budget.callsToday()).isZero();
    }

    @Test
    void aStoreThatAlwaysLosesTheRace_failsClosed_afterBoundedAttempts() {
        BudgetStore contended =
                new BudgetStore() {
                    @Override
                    public Optional<Versioned<BudgetDay>> find(LocalDate day) {
                        return Optional.empty();
                    }

                    @Override
                    public String put(BudgetDay record, String expectedVersion) {
                        throw new VersionConflictException("lost");
                    }

                    @Override
                    public String describe() {
                        return "always contended";
                    }
                };
        SharedDailyBudget budget = new SharedDailyBudget(contended, 10, 0, 5, CLOCK);

        assertThatThrownBy(budget::reserveCall)
                .isInstanceOf(BudgetUnavailableException.class)
                .hasMessageContaining(SharedDailyBudget.MAX_ATTEMPTS + " attempts");
    }

    @Test
    void aNewUtcDay_startsFromZero_andForgetsYesterdaysLease() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:59Z"));
        SharedDailyBudget budget =
                new SharedDailyBudget(new LocalBudgetStore(memoryDir), 1, 0, 1, clock);
        budget.reserveCall();
        assertThatThrownBy(budget::reserveCall).isInstanceOf(DailyLimitReachedException.class);

        clock.now = Instant.parse("2026-12-07T00:00:01Z");

        budget.reserveCall();
        assertThat(budget.callsToday()).isEqualTo(1);
    }

    /** Counts the writes that reach a store. */
    static final class CountingStore implements BudgetStore {
        final BudgetStore delegate;
        final AtomicInteger puts = new AtomicInteger();

        CountingStore(BudgetStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Versioned<BudgetDay>> find(LocalDate day) {
            return delegate.find(day);
        }

        @Override
        public String put(BudgetDay record, String expectedVersion) {
            puts.incrementAndGet();
            return delegate.put(record, expectedVersion);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
