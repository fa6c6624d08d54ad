package dev.twin.runtime.chat;

import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The chat use case: one turn is 1 read, the model call, and 1 compare-and-swap write of the user +
 * assistant pair. A lost race re-reads and re-applies the same pair (bounded in attempts and time,
 * with back-off) unless the re-read shows the pair already stored (its turn id); a failed model
 * call writes nothing, so a conversation never holds half a turn, nor a turn twice.
 */
public final class ChatService {

    /**
     * No conflict retry (back-off, re-read, re-write: at most about 9 s against S3) starts after
     * the turn has run this long, so a turn that keeps losing races still ends inside the Lambda's
     * 30 s (the worst case is worked out in docs/FAULTS.md). Measured on the service's clock.
     */
    public static final Duration RETRY_CUTOFF = Duration.ofSeconds(19);

    private final ChatModel model;
    private final ConversationStore store;
    private final PersonaSource personas;
    private final ChatSettings settings;
    private final Clock clock;
    private final TurnTools tools;

    /** Prompt cache: persona sources return the same instance until the files change. */
    private volatile Persona promptPersona;

    private volatile String prompt;
    private volatile ReplyGuard guard;

    public ChatService(
            ChatModel model,
            ConversationStore store,
            PersonaSource personas,
            ChatSettings settings,
            Clock clock) {
        this(model, store, personas, settings, clock, null);
    }

    /**
     * As the five-argument constructor, offering the model {@code tools} on every turn ({@code
     * null}: none).
     */
    public ChatService(
            ChatModel model,
            ConversationStore store,
            PersonaSource personas,
            ChatSettings settings,
            Clock clock,
            TurnTools tools) {
        this.tools = tools;
        this.model = Objects.requireNonNull(model, "model");
        this.store = Objects.requireNonNull(store, "store");
        this.personas = Objects.requireNonNull(personas, "personas");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ChatSettings settings() {
        return settings;
    }

    /**
     * Answers {@code message} in conversation {@code sessionId} (a new one when {@code null}; an id
     * the store does not know starts a conversation under that id, as the Python twin does).
     *
     * @throws InvalidMessageException message blank or too long (checked before any I/O)
     * @throws ConversationTooLongException the conversation is at its cap (checked before the
     *     model)
     * @throws ConversationBusyException every write attempt lost a race
     * @throws ModelCallFailedException the model failed (its {@link ModelException} inside);
     *     nothing was written
     */
    public ChatOutcome chat(SessionId sessionId, String message) {
        return chat(sessionId, message, null);
    }

    /**
     * As {@link #chat(SessionId, String)}, with the visitor's own id for this turn: sending the
     * same message again with the same {@code turnId} (a Retry after an answer that never arrived)
     * returns the stored reply instead of storing the turn twice or calling the model again.
     *
     * @param requestedTurnId the visitor's turn id, or {@code null} for one chosen here
     * @throws TurnIdReusedException the turn id is stored with a different message
     */
    public ChatOutcome chat(SessionId sessionId, String message, String requestedTurnId) {
        return chat(sessionId, message, requestedTurnId, null);
    }

    /**
     * As {@link #chat(SessionId, String, String)}, streaming: each piece of the reply that the
     * reply guard lets through goes to {@code onDelta} as the model produces it (a replayed turn's
     * stored reply as one piece). The turn is stored once, when the model has finished, and only
     * then does this return. When the guard stops a leak, the model is stopped and the outcome's
     * reply is the refusal, which is what is stored: it then differs from the pieces sent.
     *
     * @param onDelta where the pieces go, or {@code null} to answer without streaming
     */
    public ChatOutcome chat(
            SessionId sessionId, String message, String requestedTurnId, Consumer<String> onDelta) {
        validate(message);
        SessionId id = sessionId != null ? sessionId : SessionId.random();
        long turnStart = clock.millis();
        // both messages carry it: a write that landed but lost its answer is then recognised, not
        // re-applied
        String turnId = requestedTurnId != null ? requestedTurnId : UUID.randomUUID().toString();
        Message user = new Message(Role.USER, message, clock.instant(), turnId);

        Optional<Versioned<Conversation>> found =
                sessionId != null ? store.find(id) : Optional.empty();
        Conversation current = found.isPresent() ? found.get().value() : Conversation.empty(id);
        String version = found.isPresent() ? found.get().version() : null;
        if (requestedTurnId != null && current.hasTurn(requestedTurnId)) {
            ChatOutcome replayed = replay(current, requestedTurnId, message);
            if (onDelta != null) {
                onDelta.accept(replayed.reply().text());
            }
            return replayed;
        }
        checkCap(current, user);

        ModelRequest request =
                new ModelRequest(
                        systemPrompt(),
                        HistoryWindow.of(
                                current.messages(),
                                user,
                                settings.historyMessages(),
                                settings.historyChars()),
                        tools == null
                                ? null
                                : tools.forTurn(id, firstVisitorMessage(current, message)));
        long start = System.nanoTime();
        ModelReply reply;
        try {
            reply = onDelta == null ? model.reply(request) : streamed(request, onDelta);
        } catch (ModelException e) {
            throw new ModelCallFailedException(e, (System.nanoTime() - start) / 1_000_000);
        }
        reply =
                guard.screen(
                        reply); // a reply that recites the prompt or persona is replaced before it
        // is stored
        long modelMs = (System.nanoTime() - start) / 1_000_000;
        Message assistant = new Message(Role.ASSISTANT, reply.text(), clock.instant(), turnId);
        List<Message> turn = List.of(user, assistant);

        int attempt = 1;
        while (true) {
            try {
                store.put(current.append(turn), version);
                return new ChatOutcome(id, reply, modelMs, attempt);
            } catch (VersionConflictException lost) {
                if (attempt >= settings.maxWriteAttempts()
                        || clock.millis() - turnStart > RETRY_CUTOFF.toMillis()) {
                    throw new ConversationBusyException(id, attempt);
                }
                backOff(id, attempt);
                attempt++;
                Optional<Versioned<Conversation>> fresh = store.find(id);
                current = fresh.isPresent() ? fresh.get().value() : Conversation.empty(id);
                version = fresh.isPresent() ? fresh.get().version() : null;
                if (current.hasTurn(turnId)) {
                    // our earlier write landed and its answer was lost (a reset, a timeout, a 5xx
                    // after the
                    // write): the retry met it as a conflict. Writing again would store the turn
                    // twice.
                    Log.info(
                            "turn_already_stored",
                            "session "
                                    + id.value()
                                    + " turn "
                                    + turnId
                                    + " found after "
                                    + (attempt - 1)
                                    + " write attempt(s)");
                    return new ChatOutcome(id, reply, modelMs, attempt - 1);
                }
            }
        }
    }

    private static String firstVisitorMessage(Conversation current, String message) {
        for (Message m : current.messages()) {
            if (m.role() == Role.USER) {
                return m.content();
            }
        }
        return message;
    }

    /**
     * The model's reply, streamed through the reply guard: what the guard lets through goes to
     * {@code onDelta}; on a leak the model is asked to stop. The returned text is everything the
     * model produced, so the final {@link ReplyGuard#screen} (and its log line) sees all of it.
     */
    private ModelReply streamed(ModelRequest request, Consumer<String> onDelta) {
        StreamGuard watch = new StreamGuard(guard);
        DeltaSink sink =
                piece -> {
                    String show = watch.offer(piece);
                    if (show == null) {
                        return false;
                    }
                    if (!show.isEmpty()) {
                        onDelta.accept(show);
                    }
                    return true;
                };
        ModelReply reply = model.stream(request, sink);
        String rest = watch.finish();
        if (rest != null && !rest.isEmpty()) {
            onDelta.accept(rest);
        }
        return new ModelReply(watch.text(), reply.inputTokens(), reply.outputTokens());
    }

    /** The stored answer of a turn the visitor sent again: no model call, no write. */
    private ChatOutcome replay(Conversation current, String turnId, String message) {
        Optional<Message> asked = current.turnMessage(turnId, Role.USER);
        Optional<Message> answered = current.turnMessage(turnId, Role.ASSISTANT);
        if (asked.isEmpty() || answered.isEmpty() || !asked.get().content().equals(message)) {
            throw new TurnIdReusedException(current.sessionId());
        }
        Log.info(
                "turn_replayed",
                "session "
                        + current.sessionId().value()
                        + " turn "
                        + turnId
                        + " was already stored; answered from the conversation");
        return new ChatOutcome(
                current.sessionId(), new ModelReply(answered.get().content(), -1, -1), 0, 0);
    }

    /**
     * The whole stored conversation.
     *
     * @throws ConversationNotFoundException when there is none under {@code id}
     */
    public Conversation conversation(SessionId id) {
        return store.find(id)
                .map(Versioned::value)
                .orElseThrow(() -> new ConversationNotFoundException(id));
    }

    /**
     * Erases a conversation, every stored version included. Leads and unknown questions recorded
     * from it stay: the visitor gave them so the owner would get in touch (docs/SECURITY.md).
     *
     * @throws ConversationNotFoundException when nothing is stored under {@code id}
     */
    public void delete(SessionId id) {
        if (!store.delete(id)) {
            throw new ConversationNotFoundException(id);
        }
        Log.info("conversation_deleted", "session " + id.value());
    }

    /** The system prompt for the current persona (rebuilt only when the persona changed). */
    public String systemPrompt() {
        Persona persona = personas.current();
        if (persona != promptPersona) {
            String built = SystemPrompt.build(persona, settings.twinName());
            // write prompt before the persona so a reader that sees the new persona sees its prompt
            // too
            guard = ReplyGuard.of(persona, settings.twinName());
            prompt = built;
            promptPersona = persona;
            return built;
        }
        return prompt;
    }

    private void validate(String message) {
        if (message == null) {
            throw new InvalidMessageException(
                    "message is missing; send {\"message\": \"your question\"}");
        }
        if (message.isBlank()) {
            throw new InvalidMessageException("message is blank; type a question for the twin");
        }
        if (message.length() > settings.maxMessageChars()) {
            throw new InvalidMessageException(
                    "message has "
                            + message.length()
                            + " characters, more than the "
                            + settings.maxMessageChars()
                            + " allowed; shorten it or split it over several messages");
        }
    }

    private void checkCap(Conversation current, Message user) {
        if (current.messages().isEmpty()) {
            return;
        }
        // Cheap bound first: UTF-8 is at most 3 bytes per UTF-16 char, JSON escaping at most 6 per
        // char.
        long contentChars = user.content().length();
        for (Message m : current.messages()) {
            contentChars += m.content().length();
        }
        if (contentChars * 6 + 200L * (current.messages().size() + 1)
                < settings.maxConversationBytes()) {
            return;
        }
        long size = ConversationCodec.encode(current.append(List.of(user))).length;
        if (size > settings.maxConversationBytes()) {
            throw new ConversationTooLongException(
                    current.sessionId(), size, settings.maxConversationBytes());
        }
    }

    private void backOff(SessionId id, int attempt) {
        long base = settings.retryBackoff().toMillis() << Math.min(attempt - 1, 6);
        long sleep = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConversationBusyException(id, attempt);
        }
    }
}
