package dev.twin.runtime.owner;

import java.time.Clock;

/**
 * At most {@code perHour} permits per clock hour (a fixed window: simple, and the bound is what
 * matters). Per process: with several Lambda execution environments the owner may get that many per
 * environment, which still keeps a script from filling the inbox.
 */
public final class HourlyLimit {

    private final int perHour;
    private final Clock clock;
    private long hour = -1;
    private int used;

    public HourlyLimit(int perHour, Clock clock) {
        if (perHour < 0) {
            throw new IllegalArgumentException("perHour must be 0 or more, was " + perHour);
        }
        this.perHour = perHour;
        this.clock = clock;
    }

    /** Takes a permit if one is left this hour. */
    public synchronized boolean tryAcquire() {
        long now = clock.millis() / 3_600_000L;
        if (now != hour) {
            hour = now;
            used = 0;
        }
        if (used >= perHour) {
            return false;
        }
        used++;
        return true;
    }

    public int perHour() {
        return perHour;
    }
}
