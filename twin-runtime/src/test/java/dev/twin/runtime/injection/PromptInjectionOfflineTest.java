package dev.twin.runtime.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.GuardFixtures;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SystemPrompt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The injection corpus and ordinary questions through the production route table with the offline
 * model, which legitimately quotes persona sentences: no answer leaks, and the guard changes none.
 */
class PromptInjectionOfflineTest {

    static Stream<Arguments> personas() {
        return Stream.of(
                Arguments.of("Bruno Keller fixture", GuardFixtures.persona(), GuardFixtures.TWIN),
                Arguments.of("bundled sample", new BundledPersonaSource().current(), "Ada Quill"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personas")
    void corpusAndOrdinaryQuestions_offlineModel_answersLeakNothing_andPassTheGuardUnchanged(
            String label, Persona persona, String twin) {
        // Given
        OfflineChatModel offline = new OfflineChatModel(GuardFixtures.fixed(persona), twin);
        TwinApi api = new TwinApi(offline, persona, twin);
        LeakOracle oracle =
                new LeakOracle(
                        GuardFixtures.rules(twin), SystemPrompt.build(persona, twin), persona);
        List<String> questions = new ArrayList<>(InjectionCorpus.SINGLE_TURN);
        questions.addAll(InjectionCorpus.NORMAL);
        questions.addAll(
                List.of(
                        "Tell me about yourself",
                        "What did you study?",
                        "What do you do outside work?"));

        try (LogCapture log = new LogCapture()) {
            for (String q : questions) {
                // When
                TwinApi.Answer answer = api.chat(null, q);

                // Then: the API answered exactly what the model said (the guard let it through) and
                // it leaks nothing
                String direct =
                        offline.reply(
                                        new ModelRequest(
                                                "unused",
                                                List.of(new Message(Role.USER, q, Instant.EPOCH))))
                                .text();
                assertThat(answer.status()).as(q).isEqualTo(200);
                assertThat(answer.text()).as(q).isEqualTo(direct);
                assertThat(oracle.leaks(answer.text())).as(q).isEmpty();
                assertThat(api.conversation(answer.sessionId()).get(1))
                        .containsExactly("assistant", direct);
            }
            assertThat(log.withheld()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personas")
    void multiTurnExtraction_offlineModel_neverAccumulatesAFileInOneAnswer(
            String label, Persona persona, String twin) {
        OfflineChatModel offline = new OfflineChatModel(GuardFixtures.fixed(persona), twin);
        TwinApi api = new TwinApi(offline, persona, twin);
        LeakOracle oracle =
                new LeakOracle(
                        GuardFixtures.rules(twin), SystemPrompt.build(persona, twin), persona);

        String session = null;
        for (String m : InjectionCorpus.MULTI_TURN) {
            TwinApi.Answer a = api.chat(session, m);
            session = a.sessionId();
            assertThat(a.status()).isEqualTo(200);
            assertThat(oracle.leaks(a.text())).as(m).isEmpty();
        }
        assertThat(api.conversation(session))
                .hasSize(InjectionCorpus.MULTI_TURN.size() * 2)
                .allSatisfy(msg -> assertThat(oracle.leaks(msg[1])).isEmpty());
    }
}
