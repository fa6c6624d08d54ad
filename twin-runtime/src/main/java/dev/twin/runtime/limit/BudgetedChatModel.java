package dev.twin.runtime.limit;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import java.util.Objects;

/**
 * A model behind the daily budget: every call is reserved first and its tokens counted after, so
 * only turns that really reach the model are counted (a refused message or an unknown conversation
 * costs nothing). Over budget it throws {@link DailyLimitReachedException} without calling the
 * model.
 */
public final class BudgetedChatModel implements ChatModel {

    private final ChatModel model;
    private final ModelBudget budget;

    public BudgetedChatModel(ChatModel model, ModelBudget budget) {
        this.model = Objects.requireNonNull(model, "model");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        budget.reserveCall();
        ModelReply reply = model.reply(request);
        budget.spendTokens(reply.inputTokens(), reply.outputTokens());
        return reply;
    }

    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        budget.reserveCall();
        ModelReply reply = model.stream(request, sink);
        budget.spendTokens(reply.inputTokens(), reply.outputTokens());
        return reply;
    }

    @Override
    public String describe() {
        return model.describe();
    }

    /** The budget this model spends (tests, the banner). */
    public ModelBudget budget() {
        return budget;
    }

    /** The model behind the budget. */
    public ChatModel delegate() {
        return model;
    }
}
