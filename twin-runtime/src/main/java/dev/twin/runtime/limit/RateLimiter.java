package dev.twin.runtime.limit;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets keyed by a string (a client address, a session id), in memory, with a bounded map:
 * at most {@code maxKeys} buckets are kept, least recently used first out, and buckets idle long
 * enough to have refilled are dropped as they are met. A dropped bucket is a full one, so eviction
 * never makes a key stricter; an attacker who rotates keys only gets what new keys get anyway.
 */
public final class RateLimiter {

    private final int burst;
    private final double tokensPerMilli;
    private final long refillMillis;
    private final int maxKeys;
    private final Clock clock;
    private final LinkedHashMap<String, Bucket> buckets;

    /**
     * @param perMinute steady rate, requests per minute (at least 1)
     * @param burst bucket size: requests accepted at once after a quiet spell (at least 1)
     * @param maxKeys most buckets kept (at least 1); memory is about 200 bytes per bucket
     */
    public RateLimiter(int perMinute, int burst, int maxKeys, Clock clock) {
        if (perMinute < 1 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException(
                    "rate limits must be positive: perMinute "
                            + perMinute
                            + ", burst "
                            + burst
                            + ", maxKeys "
                            + maxKeys);
        }
        this.burst = burst;
        this.tokensPerMilli = perMinute / 60_000.0;
        this.refillMillis = (long) Math.ceil(burst / tokensPerMilli);
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buckets =
                new LinkedHashMap<>(Math.min(maxKeys, 1024) * 2, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                        return size() > RateLimiter.this.maxKeys;
                    }
                };
    }

    /**
     * Takes one token from {@code key}'s bucket.
     *
     * @return 0 when accepted, else the whole seconds (at least 1) until a token is back
     */
    public synchronized long tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        dropIdle(now);
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket(burst, now);
            buckets.put(key, b);
        } else {
            b.refill(now, tokensPerMilli, burst);
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        long waitMillis = (long) Math.ceil((1 - b.tokens) / tokensPerMilli);
        return Math.max(1, (waitMillis + 999) / 1000);
    }

    /** How many buckets are held now (the bound is {@code maxKeys}). */
    public synchronized int size() {
        return buckets.size();
    }

    /**
     * Drops up to two of the least recently used buckets when they have had time to refill:
     * amortized cleanup.
     */
    private void dropIdle(long now) {
        Iterator<Bucket> it = buckets.values().iterator();
        for (int i = 0; i < 2 && it.hasNext(); i++) {
            if (now - it.next().lastMillis >= refillMillis) {
                it.remove();
            } else {
                return;
            }
        }
    }

    /** One key's bucket: tokens left and when they were last counted. */
    private static final class Bucket {
        double tokens;
        long lastMillis;

        Bucket(double tokens, long lastMillis) {
            this.tokens = tokens;
            this.lastMillis = lastMillis;
        }

        void refill(long now, double perMilli, int burst) {
            if (now > lastMillis) {
                tokens = Math.min(burst, tokens + (now - lastMillis) * perMilli);
                lastMillis = now;
            }
        }
    }
}
