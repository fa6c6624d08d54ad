package dev.twin.maven.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.maven.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * twin:conversations and twin:leads read the memory the runtime wrote, against s3proxy (the
 * deployed stack's bucket) and a local directory (twin:run's), the same layout in both.
 */
class OwnerReadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String OLD = "11111111-1111-4111-8111-111111111111";
    private static final String NEW = "22222222-2222-4222-8222-222222222222";

    @TempDir static Path tmp;

    /** Writes an object into the memory under test. */
    interface Writer {
        void put(String key, String json) throws Exception;
    }

    record Subject(String name, Memory memory, Writer writer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> memories() throws Exception {
        LocalS3 s3 = LocalS3.get();
        String bucket = s3.newBucket("owner");
        S3Client client = s3.checker();
        Path dir = Files.createTempDirectory(tmp, "memory");
        Subject bucketSubject =
                new Subject(
                        "s3proxy bucket",
                        new S3Memory(client, bucket),
                        (key, json) ->
                                client.putObject(
                                        r -> r.bucket(bucket).key(key),
                                        RequestBody.fromString(json, StandardCharsets.UTF_8)));
        Subject localSubject =
                new Subject(
                        "local directory",
                        new LocalMemory(dir),
                        (key, json) -> {
                            Path f = dir.resolve(key);
                            Files.createDirectories(f.getParent());
                            Files.writeString(f, json);
                        });
        return Stream.of(Arguments.of(bucketSubject), Arguments.of(localSubject));
    }

    private static void seed(Writer w) throws Exception {
        w.put(
                "conversations/" + OLD + ".json",
                conversation(OLD, "2026-12-01T10:00:00Z", "Hello there, what do you build?", 1));
        Thread.sleep(1100); // last-modified has a one-second grain on some stores
        w.put(
                "conversations/" + NEW + ".json",
                conversation(
                        NEW,
                        "2026-12-05T09:00:00Z",
                        "my e-mail is visitor@example.com please get in touch about a long workshop idea",
                        2));
        w.put(
                "leads/2026-12-05/aaaaaaaa-0000-4000-8000-000000000001.json",
                "{\"email\":\"visitor@example.com\",\"name\":\"Rui\",\"note\":\"workshop\\nnext line\",\"session_id\":\""
                        + NEW
                        + "\",\"created\":\"2026-12-05T09:00:05Z\"}");
        w.put(
                "unknown/2026-12-06/aaaaaaaa-0000-4000-8000-000000000002.json",
                "{\"question\":\"What is your shoe size?\",\"session_id\":\""
                        + OLD
                        + "\",\"created\":\"2026-12-06T08:00:00Z\"}");
        w.put(
                "leads/2026-11-01/aaaaaaaa-0000-4000-8000-000000000003.json",
                "{\"email\":\"old@example.com\",\"session_id\":\""
                        + OLD
                        + "\",\"created\":\"2026-11-01T08:00:00Z\"}");
    }

    private static String conversation(String id, String start, String first, int turns) {
        StringBuilder m = new StringBuilder();
        Instant t = Instant.parse(start);
        for (int i = 0; i < turns; i++) {
            if (i > 0) {
                m.append(',');
            }
            m.append("{\"role\":\"user\",\"content\":")
                    .append(quote(i == 0 ? first : "and **more** #" + i))
                    .append(",\"timestamp\":\"")
                    .append(t.plusSeconds(60L * i))
                    .append("\"},{\"role\":\"assistant\",\"content\":\"answer ")
                    .append(i)
                    .append("\",\"timestamp\":\"")
                    .append(t.plusSeconds(60L * i + 2))
                    .append("\"}");
        }
        return "{\"session_id\":\""
                + id
                + "\",\"messages\":["
                + m
                + "],\"created_at\":\""
                + t
                + "\",\"updated_at\":\""
                + t.plusSeconds(60L * (turns - 1) + 2)
                + "\"}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void conversations_newestFirst_withTurnsAndTheShortenedFirstMessage(Subject s)
            throws Exception {
        // Given
        seed(s.writer());

        // When
        List<ConversationSummary> recent = new ConversationBrowser(s.memory()).recent(10);

        // Then
        assertThat(recent).extracting(ConversationSummary::id).containsExactly(NEW, OLD);
        ConversationSummary newest = recent.get(0);
        assertThat(newest.turns()).isEqualTo(2);
        assertThat(newest.started()).isEqualTo(Instant.parse("2026-12-05T09:00:00Z"));
        assertThat(newest.lastActivity()).isEqualTo(Instant.parse("2026-12-05T09:01:02Z"));
        assertThat(newest.firstMessage())
                .startsWith("my e-mail is visitor@example.com")
                .hasSizeLessThanOrEqualTo(ConversationBrowser.FIRST_MESSAGE_CHARS)
                .endsWith("…");
        assertThat(new ConversationBrowser(s.memory()).recent(1))
                .extracting(ConversationSummary::id)
                .containsExactly(NEW);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void transcript_isMarkdown_withVisitorTextQuoted(Subject s) throws Exception {
        seed(s.writer());

        String md = new ConversationBrowser(s.memory()).transcript(NEW);

        assertThat(md)
                .startsWith("# Conversation " + NEW)
                .contains("**Visitor** · 2026-12-05T09:00:00Z")
                .contains("> my e-mail is visitor@example.com")
                .contains("**Twin**")
                .contains("> and **more** #1");
        assertThatThrownBy(
                        () ->
                                new ConversationBrowser(s.memory())
                                        .transcript("33333333-3333-4333-8333-333333333333"))
                .isInstanceOf(ConversationNotFoundException.class)
                .hasMessageContaining("twin:conversations");
        assertThatThrownBy(() -> new ConversationBrowser(s.memory()).transcript("../persona/me"))
                .isInstanceOf(InvalidOwnerQueryException.class)
                .hasMessageContaining("twin.conversation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void export_writesMarkdownPerConversation_andOneJsonLinesFile(Subject s) throws Exception {
        seed(s.writer());
        Path out = Files.createTempDirectory(tmp, "export");

        int n = new ConversationBrowser(s.memory()).export(out);

        assertThat(n).isEqualTo(2);
        assertThat(out.resolve(NEW + ".md")).content().startsWith("# Conversation " + NEW);
        assertThat(out.resolve(OLD + ".md")).exists();
        List<String> lines = Files.readAllLines(out.resolve("conversations.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("session_id").asText()).isIn(NEW, OLD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memories")
    void leads_sinceAWindow_newestFirst_contactsAndQuestions(Subject s) throws Exception {
        seed(s.writer());
        LeadsReport report = new LeadsReport(s.memory(), Clock.fixed(NOW, ZoneOffset.UTC));

        List<OwnerRecord> week = report.since(LeadsReport.parseSince("7d"));

        assertThat(week).extracting(OwnerRecord::kind).containsExactly("question", "contact");
        assertThat(week.get(1).email()).isEqualTo("visitor@example.com");
        assertThat(week.get(1).sessionId()).isEqualTo(NEW);
        assertThat(LeadsReport.line(week.get(1)))
                .contains("visitor@example.com (Rui)")
                .contains("workshop next line")
                .doesNotContain("\n");
        assertThat(report.since(Duration.ofDays(60))).hasSize(3);
        assertThat(report.since(LeadsReport.parseSince("2h"))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void since_badValue_saysWhatToUse() {
        assertThatThrownBy(() -> LeadsReport.parseSince("a week"))
                .isInstanceOf(InvalidOwnerQueryException.class)
                .hasMessageContaining("7d");
        assertThat(LeadsReport.parseSince("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(LeadsReport.parseSince("2w")).isEqualTo(Duration.ofDays(14));
    }
}
