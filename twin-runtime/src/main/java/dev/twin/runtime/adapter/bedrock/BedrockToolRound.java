package dev.twin.runtime.adapter.bedrock;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.observe.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The turn's one tool round on Bedrock under {@link ToolRound}'s rules, for the buffered ({@code
 * Converse}) and the streamed ({@code ConverseStream}) call alike: run the calls, send the results
 * back once with the time left, or answer with the tools' fallback.
 */
final class BedrockToolRound {

    private BedrockToolRound() {}

    /**
     * A tool use the model asked for; {@code invalidInput} says why its input could not be read
     * ({@code null}: it could), and the call is then answered with that error, not run.
     */
    record Request(ToolUseBlock use, String invalidInput) {
        static Request of(ToolUseBlock use) {
            return new Request(use, null);
        }
    }

    /** The adapter's follow-up call: the conversation with the tool results, within timeout. */
    @FunctionalInterface
    interface FollowUp {
        ModelReply call(List<Message> messages, Duration timeout);
    }

    /**
     * The round's answer: the follow-up's text, or the tools' fallback ({@code fallback}) when no
     * time was left or the follow-up said nothing; tokens of both calls ({@code -1}: unknown).
     */
    record Answer(String text, boolean fallback, int inputTokens, int outputTokens) {}

    /**
     * @param messages the conversation the first call saw
     * @param assistant the first call's answer as Converse sends it back (its text and tool uses)
     * @param first the first call's token counts (its text is not used)
     */
    static Answer run(
            String who,
            Tools tools,
            ToolRound round,
            List<Message> messages,
            Message assistant,
            List<Request> requests,
            ModelReply first,
            FollowUp followUp) {
        List<ToolResult> results = new ArrayList<>();
        if (!round.mayRunTools()) {
            Log.warn(
                    "tool_round_skipped",
                    who + " asked for a tool with " + round.left().toMillis() + " ms left");
            results.add(ToolResult.error("no time left"));
            return fallback(tools, results, first.inputTokens(), first.outputTokens());
        }
        List<ContentBlock> answers = new ArrayList<>(requests.size());
        for (Request r : requests) {
            ToolResult result = call(who, tools, r, results.size());
            results.add(result);
            answers.add(resultBlock(r.use().toolUseId(), result));
        }
        Duration timeout = round.followUpTimeout();
        if (timeout == null) {
            return fallback(tools, results, first.inputTokens(), first.outputTokens());
        }
        List<Message> next = new ArrayList<>(messages.size() + 2);
        next.addAll(messages);
        next.add(assistant);
        next.add(Message.builder().role(ConversationRole.USER).content(answers).build());
        ModelReply second = followUp.call(next, timeout);
        int in = ToolRound.sumTokens(first.inputTokens(), second.inputTokens());
        int out = ToolRound.sumTokens(first.outputTokens(), second.outputTokens());
        return second.text().isBlank()
                ? fallback(tools, results, in, out)
                : new Answer(second.text(), false, in, out);
    }

    private static ToolResult call(String who, Tools tools, Request r, int made) {
        if (made >= ToolRound.MAX_CALLS) {
            return ToolResult.error("only " + ToolRound.MAX_CALLS + " tool calls per turn");
        }
        if (r.invalidInput() != null) {
            // the input's text is the visitor's data: the log names the tool, never the input
            Log.warn(
                    "tool_input_invalid", who + " sent " + r.use().name() + " an unreadable input");
            return ToolResult.error(r.invalidInput());
        }
        return tools.call(r.use().name(), DocumentJson.write(r.use().input()));
    }

    private static ContentBlock resultBlock(String toolUseId, ToolResult r) {
        return ContentBlock.fromToolResult(
                ToolResultBlock.builder()
                        .toolUseId(toolUseId)
                        .content(ToolResultContentBlock.fromText(r.content()))
                        .status(r.error() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
                        .build());
    }

    private static Answer fallback(Tools tools, List<ToolResult> results, int in, int out) {
        return new Answer(tools.fallbackReply(results), true, in, out);
    }
}
