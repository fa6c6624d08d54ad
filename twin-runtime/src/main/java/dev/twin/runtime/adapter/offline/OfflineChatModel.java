package dev.twin.runtime.adapter.offline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.owner.OwnerDesk;
import dev.twin.runtime.owner.OwnerNotices;
import dev.twin.runtime.owner.Untrusted;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.PersonaSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapter: an honest model that needs no network and no key. It retrieves the persona sentences
 * most relevant to the question (BM25) and answers with them in the first person, saying that it
 * runs offline; with nothing relevant it says so instead of guessing.
 */
public final class OfflineChatModel implements ChatModel {

    /** An e-mail address inside free text (the tool checks it properly). */
    private static final Pattern EMAIL_IN_TEXT =
            Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,63}");

    /** Every answer starts with this, so nobody mistakes retrieval for a language model. */
    public static final String OFFLINE_NOTE =
            "(Offline mode: I'm answering from my notes, without an AI model.)";

    private static final int MAX_PASSAGES = 3;
    private static final String NOTHING_RELEVANT =
            OFFLINE_NOTE
                    + " My notes don't say anything about that, so I'd rather not guess."
                    + " Try asking about my work, my background or my hobbies.";
    private static final Pattern SENTENCE_END =
            Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}0-9\"'(])");
    private static final Pattern MARKDOWN_PREFIX =
            Pattern.compile("^\\s*(#{1,6}\\s+|[-*+]\\s+|>\\s*|\\d+[.)]\\s+)");
    private static final Set<String> GREETINGS =
            Set.of(
                    "hi",
                    "hello",
                    "hey",
                    "hiya",
                    "howdy",
                    "greetings",
                    "morning",
                    "afternoon",
                    "evening",
                    "good",
                    "bonjour",
                    "hola",
                    "yo",
                    "there",
                    "how",
                    "are",
                    "you",
                    "doing");

    /** "Are you real / a bot / an AI?": the twin says what it is rather than pretending. */
    private static final Set<String> IDENTITY =
            Set.of(
                    "ai", "bot", "robot", "real", "human", "chatbot", "machine", "program",
                    "person");

    private static final Set<String> THANKS =
            Set.of(
                    "thanks", "thank", "thx", "cheers", "bye", "goodbye", "ok", "okay", "great",
                    "cool", "nice", "you", "so", "much", "a", "lot");

    private static final Pattern PARENTHESIS_PREFIX = Pattern.compile("^\\([^)]*\\)\\s*");
    private static final Pattern WORD_SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final PersonaSource personas;
    private final String twinName;
    private final String firstName;

    private volatile Persona indexed;
    private volatile Bm25Index index;

    public OfflineChatModel(PersonaSource personas, String twinName) {
        this.personas = Objects.requireNonNull(personas, "personas");
        this.twinName = Objects.requireNonNull(twinName, "twinName");
        String stripped = twinName.strip();
        int space = stripped.indexOf(' ');
        this.firstName = space > 0 ? stripped.substring(0, space) : stripped;
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        List<Message> history = request.history();
        String question = history.get(history.size() - 1).content();
        List<String> words = words(question);
        String answer;
        if (!words.isEmpty() && GREETINGS.containsAll(words)) {
            answer =
                    "Hi! I'm "
                            + twinName
                            + ". "
                            + OFFLINE_NOTE.substring(1, OFFLINE_NOTE.length() - 1)
                            + " Ask me about my work, my background or what I enjoy, and I'll tell you what I can.";
        } else if (!words.isEmpty() && THANKS.containsAll(words)) {
            answer = "You're welcome! " + OFFLINE_NOTE;
        } else if (words.contains("you") && !Collections.disjoint(words, IDENTITY)) {
            answer =
                    "I'm the digital twin of "
                            + twinName
                            + ": a program that answers from "
                            + twinName
                            + "'s own notes. Right now I'm running offline, without an AI model, so I only repeat what the notes say.";
        } else if (Bm25Index.terms(question).isEmpty()) {
            answer = overview(); // "Tell me about yourself", "What do you do?": only stop words to
            // search for
        } else {
            answer = answerFromNotes(question);
        }
        if (request.tools() != null) {
            answer = byRule(request.tools(), question, answer);
        }
        return new ModelReply(answer, -1, -1);
    }

    /**
     * The tools by rule, as a model would use them: an e-mail address in the message records a
     * contact (the message, shortened, is the note); a question the notes cannot answer records an
     * unknown question.
     */
    private String byRule(Tools tools, String message, String answer) {
        Matcher email = EMAIL_IN_TEXT.matcher(message);
        if (email.find()) {
            String address = email.group();
            String note = OwnerNotices.shorten(message, Untrusted.MAX_NOTE);
            ToolResult r =
                    tools.call(
                            OwnerDesk.RECORD_CONTACT, json(Map.of("email", address, "note", note)));
            return r.error()
                    ? "Sorry, I could not note your contact details just now: " + r.content() + "."
                    : "Thank you! I've passed your e-mail address on to "
                            + twinName
                            + ", who will be in touch.";
        }
        if (answer.equals(NOTHING_RELEVANT) && looksLikeQuestion(message)) {
            ToolResult r =
                    tools.call(
                            OwnerDesk.RECORD_UNKNOWN_QUESTION,
                            json(
                                    Map.of(
                                            "question",
                                            OwnerNotices.shorten(
                                                    message, Untrusted.MAX_QUESTION))));
            if (!r.error()) {
                return answer + " I've noted your question for " + twinName + ".";
            }
        }
        return answer;
    }

    private static boolean looksLikeQuestion(String message) {
        String m = message.strip().toLowerCase(java.util.Locale.ROOT);
        return m.endsWith("?")
                || m.matches(
                        "^(what|who|where|when|why|how|which|do|does|did|are|is|can|could|would|have|has)\\b.*");
    }

    private static String json(Map<String, String> fields) {
        return new String(
                Json.write(
                        256,
                        g -> {
                            g.writeStartObject();
                            for (Map.Entry<String, String> e :
                                    new java.util.TreeMap<>(fields).entrySet()) {
                                g.writeStringField(e.getKey(), e.getValue());
                            }
                            g.writeEndObject();
                        }),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The same answer as {@link #reply}, handed over a word (and the space after it) at a time. */
    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        ModelReply reply = reply(request);
        String text = reply.text();
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
                return new ModelReply(text.substring(0, end), -1, -1);
            }
            from = end;
        }
        return reply;
    }

    @Override
    public String describe() {
        return "offline (answers from the persona by retrieval; no network, no key)";
    }

    private String answerFromNotes(String question) {
        List<Bm25Index.Hit> hits = index().search(question);
        if (hits.isEmpty()) {
            return NOTHING_RELEVANT;
        }
        double best = hits.get(0).score();
        List<Bm25Index.Hit> chosen = new ArrayList<>(MAX_PASSAGES);
        for (Bm25Index.Hit h : hits) {
            if (chosen.size() == MAX_PASSAGES || h.score() < best * 0.5) {
                break;
            }
            chosen.add(h);
        }
        // Stray shared words ("favourite" and "teams" for "favourite football team") are not an
        // answer:
        // one passage must cover half the question's distinct terms, and all together two thirds.
        int asked = Set.copyOf(Bm25Index.terms(question)).size();
        Set<String> covered = new HashSet<>();
        int bestCover = 0;
        for (Bm25Index.Hit h : chosen) {
            covered.addAll(h.matched());
            bestCover = Math.max(bestCover, h.matched().size());
        }
        if (bestCover * 2 < asked || covered.size() * 3 < asked * 2) {
            return NOTHING_RELEVANT;
        }
        chosen.sort(Comparator.comparingInt(Bm25Index.Hit::position)); // keep the notes' own order
        StringBuilder answer = new StringBuilder(OFFLINE_NOTE);
        for (Bm25Index.Hit h : chosen) {
            answer.append(' ').append(firstPerson(h.text()));
        }
        return answer.toString();
    }

    /** The opening of me.txt: who the twin is, in its own words. */
    private String overview() {
        Persona persona = personas.current();
        List<String> intro = passages(new Persona(Map.of(Persona.ME, persona.me())));
        StringBuilder answer = new StringBuilder(OFFLINE_NOTE);
        for (int i = 0; i < Math.min(3, intro.size()); i++) {
            answer.append(' ').append(intro.get(i));
        }
        return answer.toString();
    }

    private Bm25Index index() {
        Persona persona = personas.current();
        if (persona != indexed) {
            synchronized (this) {
                if (persona != indexed) {
                    index = new Bm25Index(passages(persona));
                    indexed = persona;
                }
            }
        }
        return index;
    }

    /** Persona text split into sentences; facts.json flattened to "key: value" lines. */
    static List<String> passages(Persona persona) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> file : persona.orderedFiles()) {
            if (file.getKey().equals(Persona.FACTS)) {
                out.addAll(facts(file.getValue()));
                continue;
            }
            for (String line : file.getValue().split("\\R")) {
                String clean =
                        MARKDOWN_PREFIX
                                .matcher(line)
                                .replaceFirst("")
                                .replace("**", "")
                                .replace("__", "")
                                .strip();
                if (clean.isEmpty()) {
                    continue;
                }
                for (String sentence : SENTENCE_END.split(clean)) {
                    if (!sentence.isBlank()) {
                        out.add(sentence.strip());
                    }
                }
            }
        }
        return out;
    }

    private static List<String> facts(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = Json.parser(json.getBytes(StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return List.of(json.strip());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName().replace('_', ' ');
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    List<String> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken().isScalarValue()) {
                            items.add(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                    out.add("My " + key + ": " + String.join(", ", items) + ".");
                } else if (t.isScalarValue()) {
                    out.add("My " + key + ": " + p.getText() + ".");
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // a facts.json that is not JSON is still text worth searching
            return List.of(json.strip());
        }
        return out;
    }

    /**
     * "Ada Quill is ..." / "Ada Quill (fictional) is ..." become "I am ..."; first-person text is
     * kept.
     */
    private String firstPerson(String sentence) {
        for (String name : List.of(twinName, firstName)) {
            if (sentence.startsWith(name + " ")) {
                String rest =
                        PARENTHESIS_PREFIX
                                .matcher(sentence.substring(name.length() + 1))
                                .replaceFirst("");
                if (rest.startsWith("is ")) {
                    return "I am "
                            + rest.substring(3).replace(" She ", " I ").replace(" He ", " I ");
                }
                if (rest.startsWith("has ")) {
                    return "I have " + rest.substring(4);
                }
            }
        }
        if (sentence.startsWith("She helps ") || sentence.startsWith("He helps ")) {
            return "I help " + sentence.substring(sentence.indexOf(' ') + 7);
        }
        return sentence;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : WORD_SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
