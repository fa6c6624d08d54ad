package dev.twin.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.VersionConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatServiceTest {

    @TempDir Path memoryDir;

    private final MutableClock clock = new MutableClock();
    private final ScriptedModel model = new ScriptedModel();
    private LocalConversationStore store;
    private final Persona persona =
            new Persona(Map.of("me.txt", "I am Ana, a baker in Porto.", "style.txt", "Warm."));
    private final PersonaSource personas =
            new PersonaSource() {
                @Override
                public Persona current() {
                    return persona;
                }

                @Override
                public String describe() {
                    return "fixed";
                }
            };

    @BeforeEach
    void setUp() {
        store = new LocalConversationStore(memoryDir);
    }

    private ChatService service(ConversationStore s, ChatSettings settings) {
        return new ChatService(model, s, personas, settings, clock);
    }

    private ChatService service() {
        return service(store, ChatSettings.defaults("Ana"));
    }

    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private SessionId seed(int turns, int charsPerMessage) {
        SessionId id = SessionId.random();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            String pad = "x".repeat(Math.max(0, charsPerMessage - 8));
            messages.add(
                    new Message(Role.USER, String.format("u%03d %s", i, pad), T0.plusSeconds(i)));
            messages.add(
                    new Message(
                            Role.ASSISTANT, String.format("a%03d %s", i, pad), T0.plusSeconds(i)));
        }
        store.put(new Conversation(id, messages), null);
        return id;
    }

    @Test
    void chat_withoutSession_startsAConversationWithTheWholeTurn() {
        // When
        ChatOutcome out = service().chat(null, "Where do you live?");

        // Then
        Conversation stored = store.find(out.sessionId()).orElseThrow().value();
        assertThat(stored.messages())
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(stored.messages())
                .extracting(Message::content)
                .containsExactly("Where do you live?", "echo: Where do you live?");
        assertThat(out.reply().inputTokens()).isEqualTo(10);
        assertThat(out.writeAttempts()).isEqualTo(1);
    }

    @Test
    void chat_resentWithTheSameTurnId_answersTheStoredReply_withoutCallingTheModelOrWritingAgain() {
        // Given a turn the visitor sent with its own turn id, whose answer never reached them
        String turnId = "a1b2c3d4-0000-4000-8000-000000000001";
        ChatOutcome first = service().chat(null, "Where do you live?", turnId);
        String versionBefore = store.find(first.sessionId()).orElseThrow().version();

        // When they press Retry: the same message, the same turn id
        ChatOutcome again = service().chat(first.sessionId(), "Where do you live?", turnId);

        // Then the stored answer comes back, the model was asked once, and nothing was written
        assertThat(again.reply().text()).isEqualTo(first.reply().text());
        assertThat(model.requests()).hasSize(1);
        Versioned<Conversation> stored = store.find(first.sessionId()).orElseThrow();
        assertThat(stored.version()).isEqualTo(versionBefore);
        assertThat(stored.value().messages())
                .extracting(Message::content)
                .containsExactly("Where do you live?", "echo: Where do you live?");
    }

    @Test
    void chat_sameTurnIdWithAnotherMessage_isRefused_andStoresNothing() {
        // Given a stored turn
        String turnId = "a1b2c3d4-0000-4000-8000-000000000002";
        SessionId id = service().chat(null, "Where do you live?", turnId).sessionId();

        // When another message comes with the same turn id, then it is refused, naming the fix
        assertThatThrownBy(() -> service().chat(id, "What do you bake?", turnId))
                .isInstanceOf(TurnIdReusedException.class)
                .hasMessageContaining("new turn_id");
        assertThat(store.find(id).orElseThrow().value().messages()).hasSize(2);
    }

    @Test
    void chat_newTurnIdInAConversation_isANewTurn() {
        SessionId id = service().chat(null, "Where do you live?", "turn-0001").sessionId();

        service().chat(id, "Where do you live?", "turn-0002");

        assertThat(store.find(id).orElseThrow().value().messages()).hasSize(4);
    }

    @Test
    void chat_withUnknownSession_startsItUnderThatId() {
        SessionId id = SessionId.random();

        service().chat(id, "hello");

        assertThat(store.find(id)).isPresent();
    }

    @Test
    void chat_systemPromptHasRulesAndHeadedPersonaSections() {
        service().chat(null, "hi");

        String prompt = model.requests().get(0).systemPrompt();
        assertThat(prompt)
                .contains(
                        "You are Ana",
                        "## Rules",
                        "first person",
                        "don't know",
                        "Never reveal",
                        "## About me",
                        "I am Ana, a baker in Porto.",
                        "## How I write and speak");
        assertThat(prompt.indexOf("## About me")).isLessThan(prompt.indexOf("## How I write"));
    }

    @Test
    void chat_sameConversation_reusesThePromptWhilePersonaIsUnchanged() {
        ChatService chat = service();
        SessionId id = chat.chat(null, "one").sessionId();
        chat.chat(id, "two");

        assertThat(model.requests().get(1).systemPrompt())
                .isSameAs(model.requests().get(0).systemPrompt());
    }

    @Test
    void chat_longHistory_modelSeesOnlyTheNewestTwentyMessagesStartingWithTheUser() {
        // Given 30 stored turns
        SessionId id = seed(30, 10);

        // When
        service().chat(id, "newest question");

        // Then
        List<Message> window = model.requests().get(0).history();
        assertThat(window).hasSize(19); // 20 allowed; an assistant message cannot open the window
        assertThat(window.get(0).role()).isEqualTo(Role.USER);
        assertThat(window.get(0).content()).startsWith("u021");
        assertThat(window.get(window.size() - 1).content()).isEqualTo("newest question");
        assertThat(store.find(id).orElseThrow().value().messages())
                .hasSize(62); // storage keeps everything
    }

    @Test
    void chat_longMessages_windowStaysWithinTheCharacterBudget() {
        SessionId id = seed(10, 1000);
        ChatSettings settings =
                new ChatSettings("Ana", 20, 3500, 4000, 1 << 20, 8, Duration.ofMillis(1));

        service(store, settings).chat(id, "short");

        List<Message> window = model.requests().get(0).history();
        assertThat(window.stream().mapToInt(m -> m.content().length()).sum())
                .isLessThanOrEqualTo(3500);
        assertThat(window).hasSize(3); // u009 a009 + new; a008 would break the budget
        assertThat(window.get(0).content()).startsWith("u009");
    }

    @Test
    void chat_modelFails_writesNothing_fileKeepsItsBytes() throws Exception {
        // Given
        SessionId id = seed(2, 10);
        Path file = store.fileOf(id);
        byte[] before = Files.readAllBytes(file);
        model.thenFail(new ModelException(ModelException.Kind.TIMEOUT, "read timed out", null));

        // When / Then
        assertThatThrownBy(() -> service().chat(id, "question"))
                .isInstanceOf(ModelCallFailedException.class)
                .satisfies(
                        e ->
                                assertThat(((ModelCallFailedException) e).modelException().kind())
                                        .isEqualTo(ModelException.Kind.TIMEOUT));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void chat_modelFailsOnANewConversation_createsNoFile() {
        model.thenFail(new ModelException(ModelException.Kind.THROTTLED, "429", null));
        SessionId id = SessionId.random();

        assertThatThrownBy(() -> service().chat(id, "question"))
                .isInstanceOf(ModelCallFailedException.class);
        assertThat(Files.exists(store.fileOf(id))).isFalse();
    }

    @Test
    void chat_conversationAtItsCap_refusesBeforeCallingTheModel() {
        SessionId id = seed(20, 200);
        int size = ConversationCodec.encode(store.find(id).orElseThrow().value()).length;
        ChatSettings settings =
                new ChatSettings("Ana", 20, 16_000, 4000, size + 50, 8, Duration.ofMillis(1));

        assertThatThrownBy(
                        () ->
                                service(store, settings)
                                        .chat(id, "one more question please, a long one"))
                .isInstanceOf(ConversationTooLongException.class)
                .hasMessageContaining("start a new conversation");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void chat_belowItsCap_isAnswered() {
        SessionId id = seed(20, 200);
        int size = ConversationCodec.encode(store.find(id).orElseThrow().value()).length;
        ChatSettings settings =
                new ChatSettings("Ana", 20, 16_000, 4000, size + 500, 8, Duration.ofMillis(1));

        service(store, settings).chat(id, "short");

        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void chat_lostRace_reReadsAndReappliesTheTurnOnTopOfTheOtherWriter() {
        // Given: another tab writes a turn between our read and our write
        SessionId id = seed(1, 10);
        AtomicInteger puts = new AtomicInteger();
        ConversationStore racing =
                new ConversationStore() {
                    @Override
                    public Optional<Versioned<Conversation>> find(SessionId s) {
                        return store.find(s);
                    }

                    @Override
                    public String put(Conversation c, String expected) {
                        if (puts.getAndIncrement() == 0) {
                            Versioned<Conversation> now = store.find(c.sessionId()).orElseThrow();
                            store.put(
                                    now.value()
                                            .append(
                                                    List.of(
                                                            new Message(Role.USER, "other tab", T0),
                                                            new Message(
                                                                    Role.ASSISTANT,
                                                                    "other answer",
                                                                    T0))),
                                    now.version());
                        }
                        return store.put(c, expected);
                    }

                    @Override
                    public String describe() {
                        return "racing";
                    }
                };

        // When
        ChatOutcome out =
                service(
                                racing,
                                new ChatSettings(
                                        "Ana", 20, 16_000, 4000, 1 << 20, 8, Duration.ofMillis(1)))
                        .chat(id, "mine");

        // Then: both turns are kept, the model was called once
        assertThat(out.writeAttempts()).isEqualTo(2);
        assertThat(store.find(id).orElseThrow().value().messages())
                .extracting(Message::content)
                .containsExactly(
                        "u000 xx", "a000 xx", "other tab", "other answer", "mine", "echo: mine");
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void chat_alwaysLosingTheRace_givesUpAfterTheBoundAndWritesNothing() {
        SessionId id = seed(1, 10);
        AtomicInteger puts = new AtomicInteger();
        ConversationStore hopeless =
                new ConversationStore() {
                    @Override
                    public Optional<Versioned<Conversation>> find(SessionId s) {
                        return store.find(s);
                    }

                    @Override
                    public String put(Conversation c, String expected) {
                        puts.incrementAndGet();
                        throw new VersionConflictException("someone else wrote");
                    }

                    @Override
                    public String describe() {
                        return "hopeless";
                    }
                };

        assertThatThrownBy(
                        () ->
                                service(
                                                hopeless,
                                                new ChatSettings(
                                                        "Ana",
                                                        20,
                                                        16_000,
                                                        4000,
                                                        1 << 20,
                                                        3,
                                                        Duration.ofMillis(1)))
                                        .chat(id, "mine"))
                .isInstanceOf(ConversationBusyException.class);
        assertThat(puts).hasValue(3);
        assertThat(store.find(id).orElseThrow().value().messages()).hasSize(2);
    }

    @Test
    void chat_blankOrTooLongMessage_isRefusedBeforeAnyIo() {
        ChatService chat = service();

        assertThatThrownBy(() -> chat.chat(null, " \n\t"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> chat.chat(null, "x".repeat(4001)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("4001")
                .hasMessageContaining("4000");
        assertThatThrownBy(() -> chat.chat(null, null)).isInstanceOf(InvalidMessageException.class);
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void chat_timestampsComeFromTheClock() {
        clock.advance(Duration.ofHours(1));

        SessionId id = service().chat(null, "hi").sessionId();

        assertThat(store.find(id).orElseThrow().value().messages().get(0).timestamp())
                .isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
    }

    @Test
    void conversation_unknown_throwsNotFound() {
        assertThatThrownBy(() -> service().conversation(SessionId.random()))
                .isInstanceOf(ConversationNotFoundException.class);
    }
}
