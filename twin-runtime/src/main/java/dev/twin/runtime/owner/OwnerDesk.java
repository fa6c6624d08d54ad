package dev.twin.runtime.owner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.ToolSpec;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.chat.TurnTools;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.OwnerNotifier;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The owner's side of a turn: the two tools the model is offered ({@code record_contact}, {@code
 * record_unknown_question}), which store a record and tell the owner. Arguments are untrusted
 * ({@link Untrusted}); every failure is a tool error the model reads, never the visitor's 5xx.
 */
public final class OwnerDesk implements TurnTools {

    public static final String RECORD_CONTACT = "record_contact";
    public static final String RECORD_UNKNOWN_QUESTION = "record_unknown_question";

    public static final List<ToolSpec> SPECS =
            List.of(
                    new ToolSpec(
                            RECORD_CONTACT,
                            "Record a visitor's contact details so the owner can get in touch. Use it when the"
                                    + " visitor wants to be contacted and has given an e-mail address; then tell the"
                                    + " visitor the owner will get their details.",
                            List.of(
                                    new ToolSpec.Param(
                                            "email",
                                            "the visitor's e-mail address, exactly as given",
                                            true,
                                            Untrusted.MAX_EMAIL),
                                    new ToolSpec.Param(
                                            "name",
                                            "the visitor's name, if given",
                                            false,
                                            Untrusted.MAX_NAME),
                                    new ToolSpec.Param(
                                            "note",
                                            "what the visitor wants to talk about, in one or two sentences",
                                            false,
                                            Untrusted.MAX_NOTE))),
                    new ToolSpec(
                            RECORD_UNKNOWN_QUESTION,
                            "Record a question you could not answer from what you know about the owner, so"
                                    + " the owner can add the answer. Then tell the visitor you have noted it.",
                            List.of(
                                    new ToolSpec.Param(
                                            "question",
                                            "the visitor's question, in their words",
                                            true,
                                            Untrusted.MAX_QUESTION))));

    private final LeadStore store;
    private final OwnerNotifier notifier;
    private final Clock clock;

    /**
     * @param notifier a notifier that never throws ({@link BoundedOwnerNotifier})
     */
    public OwnerDesk(LeadStore store, OwnerNotifier notifier, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Tools forTurn(SessionId sessionId, String firstVisitorMessage) {
        return new Turn(sessionId, firstVisitorMessage);
    }

    /** Records a contact and tells the owner (the offline model's rule uses this directly). */
    public ToolResult recordContact(
            SessionId session, String firstMessage, String email, String name, String note) {
        Lead lead;
        try {
            lead = Lead.of(email, name, note, session, clock.instant());
        } catch (InvalidToolArgumentException e) {
            return ToolResult.error(e.getMessage());
        }
        try {
            store.record(lead);
        } catch (RuntimeException e) {
            Log.warn("lead_not_stored", "session " + session.value() + ": " + e.getMessage());
            return ToolResult.error(
                    "the contact could not be saved right now; apologise and ask the visitor to try again later");
        }
        Log.info("lead_recorded", "session " + session.value() + " lead " + lead.id());
        notifier.newContact(lead, firstMessage);
        return ToolResult.ok(
                "Recorded. Tell the visitor their details were passed on and the owner will be in touch.");
    }

    /** Records an unanswered question and tells the owner. */
    public ToolResult recordUnknownQuestion(SessionId session, String question) {
        UnknownQuestion q;
        try {
            q = UnknownQuestion.of(question, session, clock.instant());
        } catch (InvalidToolArgumentException e) {
            return ToolResult.error(e.getMessage());
        }
        try {
            store.record(q);
        } catch (RuntimeException e) {
            Log.warn(
                    "unknown_question_not_stored",
                    "session " + session.value() + ": " + e.getMessage());
            return ToolResult.error(
                    "the question could not be noted right now; tell the visitor you do not know");
        }
        Log.info("unknown_question_recorded", "session " + session.value() + " question " + q.id());
        notifier.unknownQuestion(q);
        return ToolResult.ok(
                "Noted. Tell the visitor you do not know, and that the owner has been told about the question.");
    }

    /** One turn's tools: each tool at most once, at most {@link ToolRound#MAX_CALLS} calls. */
    private final class Turn implements Tools {
        private final SessionId session;
        private final String firstMessage;
        private final Set<String> used = new HashSet<>();

        Turn(SessionId session, String firstMessage) {
            this.session = session;
            this.firstMessage = firstMessage;
        }

        @Override
        public List<ToolSpec> specs() {
            return SPECS;
        }

        @Override
        public synchronized ToolResult call(String name, String argumentsJson) {
            if (!RECORD_CONTACT.equals(name) && !RECORD_UNKNOWN_QUESTION.equals(name)) {
                return ToolResult.error(
                        "there is no tool "
                                + Untrusted.shorten(String.valueOf(name))
                                + "; the tools are "
                                + RECORD_CONTACT
                                + " and "
                                + RECORD_UNKNOWN_QUESTION);
            }
            if (used.size() >= ToolRound.MAX_CALLS || !used.add(name)) {
                return ToolResult.error(
                        name + " was already called in this turn; answer the visitor now");
            }
            Map<String, String> args;
            try {
                args = arguments(argumentsJson);
            } catch (InvalidToolArgumentException e) {
                return ToolResult.error(e.getMessage());
            }
            return RECORD_CONTACT.equals(name)
                    ? recordContact(
                            session,
                            firstMessage,
                            args.get("email"),
                            args.get("name"),
                            args.get("note"))
                    : recordUnknownQuestion(session, args.get("question"));
        }

        @Override
        public String fallbackReply(List<ToolResult> results) {
            boolean ok = results.stream().anyMatch(r -> !r.error());
            return ok
                    ? "Thank you, I have passed that on to the owner."
                    : "Sorry, I could not note that just now; please try again in a moment.";
        }
    }

    /** The arguments object: string (or null) values only; other fields' values are refused. */
    static Map<String, String> arguments(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        if (json.length() > 8 * 1024) {
            throw new InvalidToolArgumentException(
                    "the arguments are too long; send only the listed fields");
        }
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = Json.parser(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidToolArgumentException("the arguments must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_STRING) {
                    out.put(field, p.getText());
                } else if (v != JsonToken.VALUE_NULL) {
                    throw new InvalidToolArgumentException(
                            Untrusted.shorten(field) + " must be a string");
                }
            }
        } catch (IOException e) {
            throw new InvalidToolArgumentException("the arguments are not valid JSON");
        }
        return out;
    }
}
