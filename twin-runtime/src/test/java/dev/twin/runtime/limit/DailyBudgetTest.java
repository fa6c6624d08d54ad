package dev.twin.runtime.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.port.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyBudgetTest {

    // 22:00 UTC: two hours to the reset
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T22:00:00Z"));

    private static ModelRequest question() {
        return new ModelRequest("system", List.of(new Message(Role.USER, "hi", Instant.EPOCH)));
    }

    @Test
    void reserveCall_refusesTheCallAfterTheBudget_withTheSecondsUntilMidnightUtc() {
        // Given a budget of 3 calls, all spent
        DailyBudget budget = new DailyBudget(3, 0, clock);
        for (int i = 0; i < 3; i++) {
            budget.reserveCall();
        }

        // When / Then
        assertThatThrownBy(budget::reserveCall)
                .isInstanceOfSatisfying(
                        DailyLimitReachedException.class,
                        e -> {
                            assertThat(e.budget()).isEqualTo("calls");
                            assertThat(e.retryAfterSeconds()).isEqualTo(2 * 3600);
                        });
        assertThat(budget.callsToday()).isEqualTo(3);
    }

    @Test
    void budget_resetsAtMidnightUtc() {
        DailyBudget budget = new DailyBudget(1, 0, clock);
        budget.reserveCall();
        assertThatThrownBy(budget::reserveCall).isInstanceOf(DailyLimitReachedException.class);

        clock.advance(Duration.ofHours(2));

        budget.reserveCall();
        assertThat(budget.callsToday()).isEqualTo(1);
    }

    @Test
    void tokenBudget_refusesOnceTheReportedTokensReachIt() {
        DailyBudget budget = new DailyBudget(0, 100, clock);
        budget.reserveCall();
        budget.spendTokens(60, 39);
        budget.reserveCall(); // 99 < 100
        budget.spendTokens(1, -1); // -1: the model reported no count

        assertThatThrownBy(budget::reserveCall)
                .isInstanceOfSatisfying(
                        DailyLimitReachedException.class,
                        e -> assertThat(e.budget()).isEqualTo("tokens"));
        assertThat(budget.tokensToday()).isEqualTo(100);
    }

    @Test
    void budgetedModel_overBudget_doesNotCallTheModel() {
        // Given a budget of 2 calls in front of a model
        ScriptedModel model = new ScriptedModel();
        BudgetedChatModel budgeted = new BudgetedChatModel(model, new DailyBudget(2, 0, clock));

        // When three questions come
        budgeted.reply(question());
        budgeted.reply(question());
        assertThatThrownBy(() -> budgeted.reply(question()))
                .isInstanceOf(DailyLimitReachedException.class);

        // Then the model saw two, and the tokens it reported were counted
        assertThat(model.requests()).hasSize(2);
        assertThat(budgeted.budget().tokensToday()).isEqualTo(2 * (10 + 5));
    }
}
