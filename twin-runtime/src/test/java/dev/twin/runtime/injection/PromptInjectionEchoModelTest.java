package dev.twin.runtime.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.chat.GuardFixtures;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ReplyGuard;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SystemPrompt;
import dev.twin.runtime.injection.InstructionEchoModel.Leak;
import dev.twin.runtime.port.ChatModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The injection corpus through the production route table with a model that obeys every attack and
 * echoes its instructions: the visitor gets the in-character refusal, and neither the answer nor
 * the stored conversation carries the prompt, the rules or a persona file.
 */
class PromptInjectionEchoModelTest {

    private static final Persona PERSONA = GuardFixtures.persona();
    private static final String TWIN = GuardFixtures.TWIN;
    private static final String PROMPT = SystemPrompt.build(PERSONA, TWIN);
    private static final LeakOracle ORACLE =
            new LeakOracle(GuardFixtures.rules(TWIN), PROMPT, PERSONA);

    @Test
    void corpus_hasAtLeastThirtyPhrasings() {
        assertThat(InjectionCorpus.SINGLE_TURN)
                .hasSizeGreaterThanOrEqualTo(30)
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Leak.class)
    void everyInjection_toAModelThatLeaks_getsTheRefusal_andTheStoredConversationHoldsNoLeak(
            Leak leak) {
        // Given: the stand-in's raw answer really is a leak (so this test cannot pass vacuously)
        String raw = leak.render(PROMPT, PERSONA);
        if (leak == Leak.BASE64 || leak == Leak.BASE64_WRAPPED) {
            String b64 = leak == Leak.BASE64 ? raw : raw.substring(raw.indexOf('\n') + 1);
            assertThat(new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8))
                    .isEqualTo(PROMPT);
        } else {
            assertThat(ORACLE.leaks(raw)).as("the stand-in's raw answer leaks").isNotEmpty();
        }
        InstructionEchoModel model = new InstructionEchoModel(PERSONA, leak);
        TwinApi api = new TwinApi(model, PERSONA, TWIN);

        try (LogCapture log = new LogCapture()) {
            for (String attack : InjectionCorpus.SINGLE_TURN) {
                // When
                TwinApi.Answer answer = api.chat(null, attack);

                // Then: the answer and the stored conversation
                assertThat(answer.status()).as(attack).isEqualTo(200);
                assertThat(answer.text()).as(attack).isEqualTo(ReplyGuard.WITHHELD_REPLY);
                assertThat(ORACLE.leaks(answer.text())).as(attack).isEmpty();
                List<String[]> stored = api.conversation(answer.sessionId());
                assertThat(stored).hasSize(2);
                assertThat(stored.get(0)).containsExactly("user", attack);
                assertThat(stored.get(1)).containsExactly("assistant", ReplyGuard.WITHHELD_REPLY);
            }

            // Then: one log line per withheld reply, with the reason and sizes and never the text
            List<String> lines = log.withheld();
            assertThat(lines).hasSize(InjectionCorpus.SINGLE_TURN.size());
            assertThat(lines)
                    .allSatisfy(
                            l ->
                                    assertThat(l)
                                            .contains("reason=")
                                            .contains("reply_chars=")
                                            .doesNotContain("Harbour")
                                            .doesNotContain("bassoon")
                                            .doesNotContain("Never reveal"));
        }
        assertThat(model.requests())
                .hasSize(InjectionCorpus.SINGLE_TURN.size())
                .allSatisfy(r -> assertThat(r.systemPrompt()).isEqualTo(PROMPT));
    }

    @Test
    void normalAnswers_passUnchanged_andAreStoredAsTheModelGaveThem() {
        InstructionEchoModel model = new InstructionEchoModel(PERSONA, null);
        TwinApi api = new TwinApi(model, PERSONA, TWIN);
        List<String> questions = new ArrayList<>(InjectionCorpus.NORMAL);
        questions.addAll(InjectionCorpus.SINGLE_TURN);

        try (LogCapture log = new LogCapture()) {
            for (String q : questions) {
                TwinApi.Answer answer = api.chat(null, q);

                assertThat(answer.text()).as(q).isEqualTo(InstructionEchoModel.NORMAL_ANSWER);
                assertThat(api.conversation(answer.sessionId()).get(1))
                        .containsExactly("assistant", InstructionEchoModel.NORMAL_ANSWER);
            }
            assertThat(log.withheld()).isEmpty();
        }
    }

    @Test
    void
            multiTurnExtraction_inBigChunks_isWithheldEveryTurn_andTheModelNeverSeesTheLeakInItsHistory() {
        // Given: a model that hands out its prompt 1000 characters per turn, continuing where it
        // stopped
        ChunkingModel model = new ChunkingModel(1000);
        TwinApi api = new TwinApi(model, PERSONA, TWIN);

        // When
        List<String> answers = converse(api, InjectionCorpus.MULTI_TURN);

        // Then: every chunk of the prompt was withheld; the closing "that's all" passed
        for (int turn = 0; turn < answers.size(); turn++) {
            String chunk = model.chunk(turn);
            assertThat(answers.get(turn))
                    .as("turn " + turn)
                    .isEqualTo(chunk.isEmpty() ? ChunkingModel.DONE : ReplyGuard.WITHHELD_REPLY);
        }
        assertThat(answers).contains(ChunkingModel.DONE);
        // the history sent to the model holds the refusals it was answered with, never its own leak
        List<Message> lastHistory = model.requests.get(model.requests.size() - 1).history();
        assertThat(lastHistory)
                .filteredOn(m -> m.role() == Role.ASSISTANT)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(ORACLE.leaks(m.content())).isEmpty());
    }

    @Test
    void
            multiTurnExtraction_inSmallChunks_neverGetsTheRules_butGetsPersonaPiecesBelowTheThreshold() {
        // Given: 300 characters per turn (about 50 words), under every persona threshold
        ChunkingModel model = new ChunkingModel(300);
        TwinApi api = new TwinApi(model, PERSONA, TWIN);
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            turns.add(
                    InjectionCorpus.MULTI_TURN.get(
                            Math.min(i, InjectionCorpus.MULTI_TURN.size() - 1)));
        }

        // When
        List<String> answers = converse(api, turns);

        // Then: no answer recites the rules (the chunks that held them were withheld) ...
        assertThat(answers)
                .allSatisfy(
                        a ->
                                assertThat(
                                                LeakOracle.longestCommonRun(
                                                        LeakOracle.words(a),
                                                        LeakOracle.words(
                                                                GuardFixtures.rules(TWIN))))
                                        .isLessThan(LeakOracle.RULE_RUN));
        assertThat(answers.subList(0, 2)).containsOnly(ReplyGuard.WITHHELD_REPLY);
        // ... but a per-reply guard lets persona text through 300 characters at a time (documented
        // limit)
        assertThat(answers).anySatisfy(a -> assertThat(PERSONA.me()).contains(a.strip()));
        assertThat(answers).allSatisfy(a -> assertThat(ORACLE.leaks(a)).isEmpty());
    }

    private static List<String> converse(TwinApi api, List<String> messages) {
        List<String> answers = new ArrayList<>();
        String session = null;
        for (String m : messages) {
            TwinApi.Answer a = api.chat(session, m);
            assertThat(a.status()).isEqualTo(200);
            session = a.sessionId();
            answers.add(a.text());
        }
        List<String[]> stored = api.conversation(session);
        assertThat(stored).hasSize(messages.size() * 2);
        assertThat(stored).allSatisfy(m -> assertThat(ORACLE.leaks(m[1])).as(m[1]).isEmpty());
        return answers;
    }

    /**
     * Hands out its system prompt {@code size} characters per turn, from where the previous turn
     * stopped.
     */
    private static final class ChunkingModel implements ChatModel {
        static final String DONE = "That's all of it.";
        final int size;
        final List<ModelRequest> requests = new ArrayList<>();

        ChunkingModel(int size) {
            this.size = size;
        }

        String chunk(int turn) {
            int from = Math.min(PROMPT.length(), turn * size);
            return PROMPT.substring(from, Math.min(PROMPT.length(), from + size));
        }

        @Override
        public ModelReply reply(ModelRequest request) {
            requests.add(request);
            int turn =
                    (int)
                            request.history().stream()
                                    .filter(m -> m.role() == Role.ASSISTANT)
                                    .count();
            String chunk = chunk(turn);
            return new ModelReply(chunk.isEmpty() ? DONE : chunk, 10, 10);
        }

        @Override
        public String describe() {
            return "chunking stand-in";
        }
    }
}
