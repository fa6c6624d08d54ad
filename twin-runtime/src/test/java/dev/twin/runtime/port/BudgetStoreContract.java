package dev.twin.runtime.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.limit.BudgetDay;
import dev.twin.runtime.limit.DailyLimitReachedException;
import dev.twin.runtime.limit.SharedDailyBudget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link BudgetStore} adapter passes ({@code LocalBudgetStoreTest}, {@code
 * S3BudgetStoreTest}): compare-and-swap semantics, the stored layout, and several budgets leasing
 * from one store concurrently never granting more than the budget.
 */
public abstract class BudgetStoreContract {

    protected static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    protected static final Clock NOON =
            Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    /** A store with no records, used by one test. */
    protected abstract BudgetStore newStore() throws Exception;

    /** A second store object over the same storage (another process would hold its own). */
    protected abstract BudgetStore sameStorage() throws Exception;

    /** The bytes kept at {@code budget/{day}.json}, or {@code null}. */
    protected abstract byte[] storedBytes(LocalDate day) throws Exception;

    /** Replaces the bytes kept for {@code day} (a damaged record). */
    protected abstract void writeStoredBytes(LocalDate day, byte[] bytes) throws Exception;

    protected BudgetStore store;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void find_nothingStored_isEmpty() {
        assertThat(store.find(DAY)).isEmpty();
    }

    @Test
    void put_create_thenFind_returnsTheRecordAndItsVersion() throws Exception {
        String v = store.put(new BudgetDay(DAY, 10, 250), null);

        Versioned<BudgetDay> found = store.find(DAY).orElseThrow();
        assertThat(found.value()).isEqualTo(new BudgetDay(DAY, 10, 250));
        assertThat(found.version()).isEqualTo(v);
        assertThat(new String(storedBytes(DAY), StandardCharsets.UTF_8))
                .isEqualTo("{\"day\":\"2026-12-06\",\"calls\":10,\"tokens\":250}");
    }

    @Test
    void put_create_whenTheDayExists_isAConflict_andKeepsTheStoredRecord() throws Exception {
        store.put(new BudgetDay(DAY, 1, 0), null);

        assertThatThrownBy(() -> store.put(new BudgetDay(DAY, 99, 0), null))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.find(DAY).orElseThrow().value().calls()).isEqualTo(1);
    }

    @Test
    void put_withAStaleVersion_isAConflict() throws Exception {
        String v1 = store.put(new BudgetDay(DAY, 1, 0), null);
        sameStorage().put(new BudgetDay(DAY, 2, 0), v1);

        assertThatThrownBy(() -> store.put(new BudgetDay(DAY, 3, 0), v1))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.find(DAY).orElseThrow().value().calls()).isEqualTo(2);
    }

    @Test
    void days_areSeparateRecords() {
        store.put(new BudgetDay(DAY, 5, 0), null);

        assertThat(store.find(DAY.plusDays(1))).isEmpty();
    }

    @Test
    void find_aDamagedRecord_isStoreUnavailable_sayingWhatToDo() throws Exception {
        writeStoredBytes(DAY, "{\"calls\":".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.find(DAY))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("budget/2026-12-06.json")
                .hasMessageContaining("delete it");
    }

    @Test
    void fourBudgetsOverOneStore_concurrently_neverAnswerMoreThanTheBudget() throws Exception {
        // Given four budgets (as four processes would hold) of 37 calls, leases of 5
        int budgetCalls = 37;
        List<SharedDailyBudget> budgets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            budgets.add(new SharedDailyBudget(sameStorage(), budgetCalls, 0, 5, NOON));
        }
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> turns = new ArrayList<>();
        // When 80 calls are attempted at once
        for (int i = 0; i < 80; i++) {
            SharedDailyBudget b = budgets.get(i % 4);
            turns.add(
                    pool.submit(
                            () -> {
                                start.await();
                                try {
                                    b.reserveCall();
                                    answered.incrementAndGet();
                                } catch (DailyLimitReachedException e) {
                                    refused.incrementAndGet();
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (Future<?> f : turns) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Then at most the budget is answered, the rest refused, and the counter shows every lease
        assertThat(answered.get()).isLessThanOrEqualTo(budgetCalls);
        assertThat(answered.get() + refused.get()).isEqualTo(80);
        long stranded = budgets.stream().mapToLong(SharedDailyBudget::leasedLeft).sum();
        assertThat(store.find(DAY).orElseThrow().value().calls())
                .isEqualTo(answered.get() + stranded)
                .isLessThanOrEqualTo(budgetCalls);
        // and giving back what was leased but not used lets the fleet use it
        budgets.forEach(SharedDailyBudget::close);
        assertThat(store.find(DAY).orElseThrow().value().calls()).isEqualTo(answered.get());
    }
}
