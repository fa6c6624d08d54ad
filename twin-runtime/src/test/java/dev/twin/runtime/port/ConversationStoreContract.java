package dev.twin.runtime.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.json.CorruptConversationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contract every {@link ConversationStore} adapter passes. A subclass (e.g. {@code
 * LocalConversationStoreTest}, {@code S3ConversationStoreTest}) provides a fresh, empty store per
 * test and the raw stored bytes, so the file/object itself can be checked.
 */
public abstract class ConversationStoreContract {

    /** A store with no conversations, used by one test. */
    protected abstract ConversationStore newStore() throws Exception;

    /**
     * The bytes the store keeps for {@code id} (the file or the object), or {@code null} if none.
     */
    protected abstract byte[] storedBytes(SessionId id) throws Exception;

    /** Replaces what the store keeps for {@code id} with raw bytes (a damaged file or object). */
    protected abstract void writeStoredBytes(SessionId id, byte[] bytes) throws Exception;

    /**
     * How many versions (delete markers included) the store keeps for {@code id}. By default the
     * one file or object there is; a versioned store's test counts them.
     */
    protected int storedVersions(SessionId id) throws Exception {
        return storedBytes(id) == null ? 0 : 1;
    }

    protected ConversationStore store;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static Conversation conversation(SessionId id, int turns) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            messages.add(new Message(Role.USER, "question " + i, T0.plusSeconds(2L * i)));
            messages.add(new Message(Role.ASSISTANT, "answer " + i, T0.plusSeconds(2L * i + 1)));
        }
        return new Conversation(id, messages);
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.find(SessionId.random())).isEmpty();
    }

    @Test
    void put_create_thenFindReturnsItWithTheSameVersion() {
        // Given
        SessionId id = SessionId.random();
        Conversation c = conversation(id, 1);

        // When
        String version = store.put(c, null);

        // Then
        Optional<Versioned<Conversation>> found = store.find(id);
        assertThat(found).isPresent();
        assertThat(found.get().value()).isEqualTo(c);
        assertThat(found.get().version()).isEqualTo(version);
    }

    @Test
    void delete_aConversationWrittenThreeTimes_erasesEveryVersion_thenFindIsEmpty()
            throws Exception {
        // Given a conversation updated twice after its creation
        SessionId id = SessionId.random();
        String v1 = store.put(conversation(id, 1), null);
        String v2 = store.put(conversation(id, 2), v1);
        store.put(conversation(id, 3), v2);

        // When
        boolean erased = store.delete(id);

        // Then
        assertThat(erased).isTrue();
        assertThat(store.find(id)).isEmpty();
        assertThat(storedBytes(id)).isNull();
        assertThat(storedVersions(id)).isZero();
    }

    @Test
    void delete_unknownId_answersFalseAndChangesNothing() {
        SessionId other = SessionId.random();
        store.put(conversation(other, 1), null);

        assertThat(store.delete(SessionId.random())).isFalse();
        assertThat(store.find(other)).isPresent();
    }

    @Test
    void delete_leavesOtherConversationsAlone_andTheIdCanStartAgain() {
        // Given
        SessionId gone = SessionId.random();
        SessionId kept = SessionId.random();
        store.put(conversation(gone, 1), null);
        store.put(conversation(kept, 2), null);

        // When
        store.delete(gone);

        // Then
        assertThat(store.find(kept).orElseThrow().value().messages()).hasSize(4);
        assertThat(store.delete(gone)).isFalse();
        store.put(conversation(gone, 1), null); // a new conversation under the id is a create
        assertThat(store.find(gone)).isPresent();
    }

    @Test
    void put_keepsTextExactly_unicodeQuotesAndNewlines() {
        SessionId id = SessionId.random();
        Conversation c =
                new Conversation(
                        id,
                        List.of(
                                new Message(
                                        Role.USER,
                                        "Ça va? \"quotes\" \\ back\nslash 🚀 \u2028 <script>",
                                        T0),
                                new Message(Role.ASSISTANT, "", T0.plusMillis(1))));

        store.put(c, null);

        assertThat(store.find(id).orElseThrow().value()).isEqualTo(c);
    }

    @Test
    void put_withCurrentVersion_updatesAndChangesTheVersion() {
        // Given
        SessionId id = SessionId.random();
        String v1 = store.put(conversation(id, 1), null);

        // When
        String v2 = store.put(conversation(id, 2), v1);

        // Then
        Versioned<Conversation> found = store.find(id).orElseThrow();
        assertThat(found.value().messages()).hasSize(4);
        assertThat(found.version()).isEqualTo(v2).isNotEqualTo(v1);
    }

    @Test
    void put_withStaleVersion_conflictsAndKeepsTheNewerConversation() {
        // Given
        SessionId id = SessionId.random();
        String v1 = store.put(conversation(id, 1), null);
        store.put(conversation(id, 2), v1);

        // When / Then
        assertThatThrownBy(() -> store.put(conversation(id, 3), v1))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.find(id).orElseThrow().value().messages()).hasSize(4);
    }

    @Test
    void put_createWhenItExists_conflicts() {
        SessionId id = SessionId.random();
        store.put(conversation(id, 1), null);

        assertThatThrownBy(() -> store.put(conversation(id, 2), null))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.find(id).orElseThrow().value().messages()).hasSize(2);
    }

    @Test
    void put_updateWhenItDoesNotExist_conflicts() {
        SessionId id = SessionId.random();

        assertThatThrownBy(() -> store.put(conversation(id, 1), "some-old-version"))
                .isInstanceOf(VersionConflictException.class);
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void storedBytes_areTheDocumentedJsonLayout() throws Exception {
        SessionId id = SessionId.random();
        store.put(conversation(id, 1), null);

        byte[] raw = storedBytes(id);

        assertThat(raw).isNotNull();
        String json = new String(raw, StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"session_id\":\"" + id.value() + "\"",
                        "\"messages\":[",
                        "\"role\":\"user\"",
                        "\"content\":\"question 0\"",
                        "\"timestamp\":\"2026-11-25T10:00:00Z\"",
                        "\"created_at\"",
                        "\"updated_at\"");
        assertThat(ConversationCodec.decode(raw, id)).isEqualTo(conversation(id, 1));
    }

    @Test
    void find_damagedStoredConversation_throwsCorruptConversationNamingTheSession()
            throws Exception {
        SessionId id = SessionId.random();
        writeStoredBytes(
                id,
                "{\"session_id\": \""
                        .concat(id.value())
                        .concat("\", \"messages\": [{\"role\"")
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.find(id))
                .isInstanceOf(CorruptConversationException.class)
                .hasMessageContaining(id.value());
    }

    @Test
    void twoWriters_fiftyTurnsEach_throughTheChatServiceRetry_keepAllHundredTurns()
            throws Exception {
        // Given: two "browser tabs" on one session, sharing the store, through the real retry loop
        SessionId id = SessionId.random();
        PersonaSource persona = new BundledPersonaSource();
        ChatSettings settings =
                new ChatSettings(
                        "Ada Quill", 20, 16_000, 4_000, 1024 * 1024, 16, Duration.ofMillis(2));
        ChatService chat =
                new ChatService(
                        new OfflineChatModel(persona, "Ada Quill"),
                        store,
                        persona,
                        settings,
                        Clock.systemUTC());
        chat.chat(id, "hello, first turn");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String writer : List.of("A", "B")) {
                writers.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    for (int i = 0; i < 50; i++) {
                                        chat.chat(
                                                id,
                                                "tab "
                                                        + writer
                                                        + " turn "
                                                        + i
                                                        + ": what do you do for work?");
                                    }
                                    return null;
                                }));
            }

            // When
            go.countDown();
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Then: 1 + 100 turns, each user message once and directly followed by its answer
        Conversation stored = ConversationCodec.decode(storedBytes(id), id);
        List<Message> m = stored.messages();
        assertThat(m).hasSize(2 * 101);
        List<String> userTexts = new ArrayList<>();
        for (int i = 0; i < m.size(); i += 2) {
            assertThat(m.get(i).role()).isEqualTo(Role.USER);
            assertThat(m.get(i + 1).role()).isEqualTo(Role.ASSISTANT);
            userTexts.add(m.get(i).content());
        }
        assertThat(userTexts).doesNotHaveDuplicates();
        for (String writer : List.of("A", "B")) {
            for (int i = 0; i < 50; i++) {
                assertThat(userTexts)
                        .contains("tab " + writer + " turn " + i + ": what do you do for work?");
            }
        }
        assertThat(store.find(id).orElseThrow().value()).isEqualTo(stored);
    }
}
