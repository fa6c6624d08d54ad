package dev.twin.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.port.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void tryAcquire_acceptsTheBurstAtOnce_thenRefusesWithTheWaitForOneToken() {
        // Given 10 per minute (one token every 6 s), burst 5
        RateLimiter limiter = new RateLimiter(10, 5, 100, clock);

        // When / Then: five at once pass, the sixth waits a whole token
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("198.51.100.7")).as("turn %d", i + 1).isZero();
        }
        assertThat(limiter.tryAcquire("198.51.100.7")).isEqualTo(6);
    }

    @Test
    void tryAcquire_retryAfterShrinksAsTimePasses_andRoundsUpToWholeSeconds() {
        // Given an empty bucket
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock);
        assertThat(limiter.tryAcquire("k")).isZero();

        // When 4.5 s of the 6 s refill have passed
        clock.advance(Duration.ofMillis(4_500));

        // Then 1.5 s are left, said as 2
        assertThat(limiter.tryAcquire("k")).isEqualTo(2);
    }

    @Test
    void tryAcquire_refillsAtTheSteadyRate_andNeverAboveTheBurst() {
        // Given a spent bucket of burst 3 at 60 per minute
        RateLimiter limiter = new RateLimiter(60, 3, 100, clock);
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("k");
        }
        assertThat(limiter.tryAcquire("k")).isEqualTo(1);

        // When one second passes: one token back, exactly
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("k")).isZero();
        assertThat(limiter.tryAcquire("k")).isEqualTo(1);

        // When an hour passes: only the burst is back, not 3600 tokens
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("k")).isZero();
        }
        assertThat(limiter.tryAcquire("k")).isPositive();
    }

    @Test
    void tryAcquire_keysAreIndependent() {
        RateLimiter limiter = new RateLimiter(10, 1, 100, clock);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isZero();
    }

    @Test
    void memory_staysBounded_under100000DistinctKeys() {
        // Given an attacker rotating through 100,000 addresses within one second
        RateLimiter limiter = new RateLimiter(10, 5, 1_000, clock);

        // When
        for (int i = 0; i < 100_000; i++) {
            assertThat(limiter.tryAcquire("key-" + i)).isZero();
        }

        // Then no more than the bound is held
        assertThat(limiter.size()).isEqualTo(1_000);
    }

    @Test
    void eviction_dropsTheLeastRecentlyUsed_soAnActiveClientKeepsItsSpentBucket() {
        // Given an active client that spent its bucket, and a flood of new keys
        RateLimiter limiter = new RateLimiter(10, 1, 3, clock);
        limiter.tryAcquire("active");
        limiter.tryAcquire("x1");
        limiter.tryAcquire("x2");
        assertThat(limiter.tryAcquire("active")).as("touches 'active'").isPositive();

        // When one more key arrives, the least recently used (x1) goes, not 'active'
        limiter.tryAcquire("x3");

        // Then the active client is still limited
        assertThat(limiter.size()).isEqualTo(3);
        assertThat(limiter.tryAcquire("active")).isPositive();
    }

    @Test
    void idleBuckets_areDropped_onceTheyHaveRefilled() {
        // Given 50 clients that came once
        RateLimiter limiter = new RateLimiter(10, 5, 1_000, clock);
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquire("idle-" + i);
        }

        // When their buckets have refilled (5 tokens at 10/min = 30 s) and traffic goes on
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 30; i++) {
            limiter.tryAcquire("new-" + i);
        }

        // Then the idle buckets are being dropped as they are met (two per request)
        assertThat(limiter.size()).isEqualTo(30);
    }

    @Test
    void constructor_refusesNonPositiveLimits_namingThem() {
        assertThatThrownBy(() -> new RateLimiter(0, 5, 10, clock))
                .hasMessageContaining("perMinute 0");
        assertThatThrownBy(() -> new RateLimiter(10, 0, 10, clock)).hasMessageContaining("burst 0");
    }
}
