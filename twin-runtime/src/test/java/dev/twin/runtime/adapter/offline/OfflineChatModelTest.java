package dev.twin.runtime.adapter.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalPersonaSource;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineChatModelTest {

    private final OfflineChatModel model =
            new OfflineChatModel(new BundledPersonaSource(), "Ada Quill");

    private String ask(OfflineChatModel m, String question) {
        ModelReply reply =
                m.reply(
                        new ModelRequest(
                                "ignored",
                                List.of(new Message(Role.USER, question, Instant.EPOCH))));
        return reply.text();
    }

    @Test
    void stream_handsOverTheSameAnswerWordByWord_andStopsWhenAsked() {
        ModelRequest request =
                new ModelRequest(
                        "system",
                        List.of(
                                new Message(
                                        Role.USER,
                                        "Which languages do you speak?",
                                        Instant.EPOCH)));
        List<String> pieces = new ArrayList<>();

        ModelReply whole = model.stream(request, p -> pieces.add(p));

        assertThat(String.join("", pieces))
                .isEqualTo(whole.text())
                .isEqualTo(model.reply(request).text());
        assertThat(pieces)
                .hasSizeGreaterThan(5)
                .allSatisfy(p -> assertThat(p.strip()).doesNotContain(" "));

        List<String> stopped = new ArrayList<>();
        ModelReply partial = model.stream(request, p -> stopped.add(p) && stopped.size() < 3);
        assertThat(stopped).hasSize(3);
        assertThat(partial.text()).isEqualTo(String.join("", stopped));
    }

    @Test
    void reply_answersFromTheMostRelevantPassages_inTheFirstPerson() {
        String answer = ask(model, "Which languages do you speak?");

        assertThat(answer)
                .startsWith(OfflineChatModel.OFFLINE_NOTE)
                .contains("I speak English, French");
    }

    @Test
    void reply_thirdPersonSummary_isTurnedIntoFirstPerson() {
        String answer = ask(model, "Are you an independent consultant?");

        assertThat(answer)
                .contains("I am an independent software consultant")
                .doesNotContain("Ada Quill (fictional) is");
    }

    @Test
    void reply_factsJson_isSearchable() {
        assertThat(ask(model, "What are your hobbies?")).contains("cycling");
    }

    @Test
    void reply_greeting_introducesItselfAndSaysItIsOffline() {
        String answer = ask(model, "Hello there!");

        assertThat(answer).startsWith("Hi! I'm Ada Quill.").contains("Offline mode");
    }

    @Test
    void reply_nothingRelevant_saysSoInsteadOfGuessing() {
        assertThat(ask(model, "What is your favourite football team?"))
                .contains("don't say anything about that");
        assertThat(ask(model, "quantum chromodynamics")).contains("don't say anything about that");
    }

    @Test
    void reply_reportsNoTokenCounts() {
        ModelReply reply =
                model.reply(
                        new ModelRequest(
                                "p", List.of(new Message(Role.USER, "work?", Instant.EPOCH))));

        assertThat(reply.inputTokens()).isEqualTo(-1);
        assertThat(reply.outputTokens()).isEqualTo(-1);
    }

    @Test
    void reply_personaEdited_reindexesAfterRevalidation(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("me.txt"), "I grow tomatoes in my garden.");
        MutableClock clock = new MutableClock();
        OfflineChatModel m =
                new OfflineChatModel(
                        new LocalPersonaSource(dir, Duration.ofSeconds(60), clock), "Bo");
        assertThat(ask(m, "Do you have a garden?")).contains("tomatoes");

        Files.writeString(dir.resolve("me.txt"), "I keep bees on my roof.");
        Files.setLastModifiedTime(
                dir.resolve("me.txt"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        clock.advance(Duration.ofSeconds(61));

        assertThat(ask(m, "Do you keep bees?")).contains("bees on my roof");
    }

    @Test
    void reply_onlyStopWords_givesTheOpeningOfMeTxt() {
        assertThat(ask(model, "Tell me about yourself"))
                .startsWith(OfflineChatModel.OFFLINE_NOTE)
                .contains("I'm Ada Quill");
        assertThat(ask(model, "What do you do?")).contains("software engineer");
    }

    @Test
    void reply_areYouReal_saysItIsADigitalTwinRunningOffline() {
        assertThat(ask(model, "Are you a bot?"))
                .contains("digital twin of Ada Quill")
                .contains("offline");
        assertThat(ask(model, "are you real")).contains("digital twin");
    }
}
