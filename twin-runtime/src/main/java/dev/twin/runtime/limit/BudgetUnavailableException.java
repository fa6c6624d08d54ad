package dev.twin.runtime.limit;

/**
 * The shared daily budget cannot be read or written, so no model call is allowed (the budget fails
 * closed); the API answers {@code 503 budget_unavailable}.
 */
public final class BudgetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BudgetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
