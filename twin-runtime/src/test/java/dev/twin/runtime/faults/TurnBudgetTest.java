package dev.twin.runtime.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.adapter.bedrock.BedrockChatModel;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.openai.OpenAiChatModel;
import dev.twin.runtime.adapter.openai.SecretsManagerApiKeySource;
import dev.twin.runtime.adapter.s3.S3Clients;
import dev.twin.runtime.adapter.sns.SnsOwnerNotifier;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.ConversationBusyException;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.VersionConflictException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The turn's time budget: the bounds the adapters are built with add up to less than the Lambda's
 * 30 s (docs/FAULTS.md), and the chat service's conflict loop stops starting rounds once the turn
 * has used {@link ChatService#RETRY_CUTOFF}, even with write attempts left.
 */
class TurnBudgetTest {

    /**
     * SecureDefaults.LAMBDA_TIMEOUT in twin-cdk-constructs (the HTTP API's 30 s integration limit).
     */
    private static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The longest back-off between two write rounds (15 ms doubling, capped at 64x, jittered
     * below).
     */
    private static final Duration MAX_BACKOFF = ChatSettings.DEFAULT_RETRY_BACKOFF.multipliedBy(64);

    @Test
    void worstCaseTurn_withEveryRetryAndTimeout_staysInsideTheLambdaTimeout() {
        Duration s3 = S3Clients.CALL_TIMEOUT;
        Duration model =
                BedrockChatModel.CALL_TIMEOUT.compareTo(OpenAiChatModel.REQUEST_TIMEOUT) >= 0
                        ? BedrockChatModel.CALL_TIMEOUT
                        : OpenAiChatModel.REQUEST_TIMEOUT;
        // read + persona revalidation (one LIST) + model (the key fetch is inside its budget) +
        // first write
        Duration firstPass = s3.plus(s3).plus(model).plus(s3);
        // a conflict round: back-off, re-read, re-write; none starts after the cutoff
        Duration lastRound = ChatService.RETRY_CUTOFF.plus(MAX_BACKOFF).plus(s3).plus(s3);

        assertThat(SecretsManagerApiKeySource.CALL_TIMEOUT).isLessThan(model);
        assertThat(firstPass).isLessThanOrEqualTo(Duration.ofSeconds(28));
        assertThat(lastRound).isLessThanOrEqualTo(Duration.ofSeconds(28));
        assertThat(firstPass.plusSeconds(2)).isLessThanOrEqualTo(LAMBDA_TIMEOUT);
    }

    @Test
    void toolRound_runsInsideTheModelBudget_withItsWorstCaseReserved() {
        // the tools (lead put + owner notice) start only with their worst case left, and the
        // follow-up call gets only what is left, so the model phase stays within its 16 s
        assertThat(S3Clients.CALL_TIMEOUT.plus(SnsOwnerNotifier.CALL_TIMEOUT))
                .isLessThanOrEqualTo(ToolRound.TOOLS_RESERVE);
        assertThat(ToolRound.TOOLS_RESERVE.plus(ToolRound.MIN_FOLLOW_UP))
                .isLessThan(BedrockChatModel.CALL_TIMEOUT)
                .isLessThan(OpenAiChatModel.REQUEST_TIMEOUT);
        assertThat(ToolRound.MAX_CALLS).isEqualTo(2);
    }

    @Test
    void conflictLoop_stopsAtTheCutoff_evenWithAttemptsLeft() {
        // Given: a store where every write loses a race and takes 10 s of the turn's clock
        MutableClock clock = new MutableClock();
        InMemoryConversationStore real = new InMemoryConversationStore();
        AtomicInteger puts = new AtomicInteger();
        ConversationStore slowAndContended =
                new ConversationStore() {
                    @Override
                    public Optional<Versioned<Conversation>> find(SessionId id) {
                        return real.find(id);
                    }

                    @Override
                    public String put(Conversation conversation, String expectedVersion) {
                        puts.incrementAndGet();
                        clock.advance(Duration.ofSeconds(10));
                        throw new VersionConflictException("someone else wrote");
                    }

                    @Override
                    public String describe() {
                        return "slow and contended";
                    }
                };
        PersonaSource persona =
                new PersonaSource() {
                    @Override
                    public Persona current() {
                        return Api.PERSONA;
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        ChatService chat =
                new ChatService(
                        new ScriptedModel(),
                        slowAndContended,
                        persona,
                        ChatSettings.defaults("Ana"),
                        clock);

        // When / Then: 10 s, 20 s -> past the 19 s cutoff after the second write; 8 attempts were
        // allowed
        assertThatThrownBy(() -> chat.chat(SessionId.random(), "hi"))
                .isInstanceOf(ConversationBusyException.class);
        assertThat(puts).hasValue(2);
        assertThat(ChatSettings.DEFAULT_MAX_WRITE_ATTEMPTS).isGreaterThan(2);
    }
}
