package dev.twin.runtime.injection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.chat.GuardFixtures;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ReplyGuard;
import dev.twin.runtime.chat.SystemPrompt;
import dev.twin.runtime.http.SseEvent;
import dev.twin.runtime.injection.InstructionEchoModel.Leak;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The injection corpus against {@code POST /api/chat/stream}, with a model that obeys every attack
 * and streams its leak a word at a time: the deltas a visitor saw never leak, the stream ends with
 * {@code withheld} carrying the refusal, the model was stopped early, and the refusal is stored.
 */
class PromptInjectionStreamTest {

    private static final Persona PERSONA = GuardFixtures.persona();
    private static final String TWIN = GuardFixtures.TWIN;
    private static final String PROMPT = SystemPrompt.build(PERSONA, TWIN);
    private static final LeakOracle ORACLE =
            new LeakOracle(GuardFixtures.rules(TWIN), PROMPT, PERSONA);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Leak.class)
    void everyInjection_streamedWordByWord_showsNoLeak_endsWithheld_andStoresTheRefusal(Leak leak) {
        // Given
        WordByWord model = new WordByWord(new InstructionEchoModel(PERSONA, leak));
        TwinApi api = new TwinApi(model, PERSONA, TWIN);

        try (LogCapture log = new LogCapture()) {
            for (String attack : InjectionCorpus.SINGLE_TURN) {
                // When
                List<SseEvent> events = api.chatStream(null, attack);

                // Then
                String shown = SseEvent.deltas(events);
                assertThat(ORACLE.leaks(shown)).as(attack).isEmpty();
                SseEvent last = SseEvent.last(events);
                assertThat(last.name()).as(attack).isEqualTo("withheld");
                assertThat(last.data().get("response").asText())
                        .isEqualTo(ReplyGuard.WITHHELD_REPLY);
                List<String[]> stored = api.conversation(last.data().get("session_id").asText());
                assertThat(stored.get(1)).containsExactly("assistant", ReplyGuard.WITHHELD_REPLY);
            }
            assertThat(log.withheld()).hasSize(InjectionCorpus.SINGLE_TURN.size());
        }
        // the model was told to stop once the leak showed, not read to the end; unbroken base64 is
        // one growing word, held back whole and judged when the model ends
        assertThat(model.stopped.get())
                .isEqualTo(leak == Leak.BASE64 ? 0 : InjectionCorpus.SINGLE_TURN.size());
    }

    @Test
    void normalAnswers_streamWhole_andEndWithDone() {
        WordByWord model = new WordByWord(new InstructionEchoModel(PERSONA, null));
        TwinApi api = new TwinApi(model, PERSONA, TWIN);
        List<String> questions = new ArrayList<>(InjectionCorpus.NORMAL);
        questions.addAll(InjectionCorpus.SINGLE_TURN);

        try (LogCapture log = new LogCapture()) {
            for (String q : questions) {
                List<SseEvent> events = api.chatStream(null, q);

                assertThat(SseEvent.deltas(events)).isEqualTo(InstructionEchoModel.NORMAL_ANSWER);
                assertThat(SseEvent.last(events).name()).isEqualTo("done");
                assertThat(events.stream().filter(e -> e.name().equals("delta")).count())
                        .as("streamed in pieces")
                        .isGreaterThan(3);
            }
            assertThat(log.withheld()).isEmpty();
        }
    }

    /** Streams another model's reply a word (and the space after it) at a time. */
    private static final class WordByWord implements ChatModel {
        final ChatModel inner;
        final AtomicInteger stopped = new AtomicInteger();

        WordByWord(ChatModel inner) {
            this.inner = inner;
        }

        @Override
        public ModelReply reply(ModelRequest request) {
            return inner.reply(request);
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            ModelReply whole = inner.reply(request);
            String text = whole.text();
            int from = 0;
            while (from < text.length()) {
                int end = from;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                if (!sink.accept(text.substring(from, end))) {
                    stopped.incrementAndGet();
                    return new ModelReply(text.substring(0, end), 1, 1);
                }
                from = end;
            }
            return whole;
        }

        @Override
        public String describe() {
            return "word by word";
        }
    }
}
