package dev.twin.runtime.limit;

/**
 * The twin has spent today's model budget (calls or tokens); carries which, and the wait until
 * midnight UTC.
 */
public final class DailyLimitReachedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String budget;
    private final long retryAfterSeconds;

    public DailyLimitReachedException(String budget, long retryAfterSeconds) {
        super(
                "the daily model "
                        + budget
                        + " budget is spent; it resets in "
                        + retryAfterSeconds
                        + " s (midnight UTC)",
                null,
                false,
                false);
        this.budget = budget;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code calls} or {@code tokens}. */
    public String budget() {
        return budget;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
