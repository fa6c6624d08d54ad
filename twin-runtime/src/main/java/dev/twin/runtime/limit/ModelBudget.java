package dev.twin.runtime.limit;

/**
 * What the model spends: one call reserved before each model call, its tokens counted after. Two
 * implementations: {@link DailyBudget} (one process) and {@link SharedDailyBudget} (every process
 * sharing a store).
 */
public interface ModelBudget {

    /**
     * Reserves one model call.
     *
     * @throws DailyLimitReachedException when today's calls or tokens are spent
     * @throws BudgetUnavailableException when the shared counter cannot be read or written
     */
    void reserveCall();

    /** Adds what a call reported ({@code -1} counts as 0: unknown). */
    void spendTokens(int inputTokens, int outputTokens);

    /** Model calls this process made today. */
    long callsToday();

    /** Tokens this process counted today. */
    long tokensToday();
}
