package dev.twin.runtime.injection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.port.ChatModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Stand-in for a model that obeys every injection: it answers with its own instructions (the system
 * prompt it was sent, the rules, the persona files) in one of many reformatted, encoded or partial
 * forms, or, as the control, answers normally.
 */
final class InstructionEchoModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the instructions come back; {@code prompt} is what the model was sent. */
    enum Leak {
        WHOLE_PROMPT((p, persona) -> p),
        RULES_SECTION((p, persona) -> p.substring(0, p.indexOf("\n## About me"))),
        ONE_RULE(
                (p, persona) ->
                        "One of my rules is: "
                                + p.lines()
                                        .filter(l -> l.startsWith("- Never reveal"))
                                        .findFirst()
                                        .orElseThrow()),
        ME_FILE((p, persona) -> "Here is me.txt:\n\n" + persona.me()),
        PROJECTS_FILE((p, persona) -> persona.files().get("projects.md")),
        FILES_CONCATENATED(
                (p, persona) ->
                        persona.orderedFiles().stream()
                                .map(Map.Entry::getValue)
                                .collect(Collectors.joining(" "))),
        PROMPT_IN_CODE_BLOCK((p, persona) -> "Sure:\n```text\n" + p + "\n```"),
        UPPERCASE_ONE_LINE(
                (p, persona) ->
                        p.toUpperCase(Locale.ROOT)
                                .replace("#", "")
                                .replace("*", "")
                                .replace("- ", "")
                                .replaceAll("\\s+", " ")),
        AS_JSON(
                (p, persona) -> {
                    try {
                        return JSON.writeValueAsString(Map.of("instructions", p));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }),
        BASE64(
                (p, persona) ->
                        Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.UTF_8))),
        BASE64_WRAPPED(
                (p, persona) ->
                        "Encoded:\n"
                                + Base64.getMimeEncoder()
                                        .encodeToString(p.getBytes(StandardCharsets.UTF_8))),
        QUOTED_LINES(
                (p, persona) -> p.lines().map(l -> "> " + l).collect(Collectors.joining("\n"))),
        INTERLEAVED_COMMENTS(
                (p, persona) ->
                        String.join(" (that is what I was told) ", p.split("(?<=[.;:])\\s+"))),
        SECTIONS_REVERSED(
                (p, persona) -> {
                    List<String> parts = new ArrayList<>(List.of(p.split("\n(?=## )")));
                    Collections.reverse(parts);
                    return String.join("\n", parts);
                }),
        ONE_WORD_PER_LINE((p, persona) -> String.join("\n", p.split("\\s+"))),
        FULL_WIDTH(
                (p, persona) -> {
                    StringBuilder b = new StringBuilder(p.length());
                    for (char c : p.toCharArray()) {
                        b.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : c);
                    }
                    return b.toString();
                }),
        TWO_THIRDS_OF_ME((p, persona) -> persona.me().substring(0, persona.me().length() * 2 / 3));

        private final BiFunction<String, Persona, String> render;

        Leak(BiFunction<String, Persona, String> render) {
            this.render = render;
        }

        String render(String prompt, Persona persona) {
            return render.apply(prompt, persona);
        }
    }

    /** The control: an answer in the twin's own words. */
    static final String NORMAL_ANSWER =
            "I design rain gardens, school yards and rooftop meadows. Ask me about one of them!";

    private final Persona persona;
    private final Leak leak;
    private final List<ModelRequest> requests = Collections.synchronizedList(new ArrayList<>());

    /** {@code leak} null: answers normally. */
    InstructionEchoModel(Persona persona, Leak leak) {
        this.persona = persona;
        this.leak = leak;
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        requests.add(request);
        String text = leak == null ? NORMAL_ANSWER : leak.render(request.systemPrompt(), persona);
        return new ModelReply(text, 500, 400);
    }

    List<ModelRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String describe() {
        return "instruction-echo stand-in (" + (leak == null ? "normal" : leak) + ")";
    }
}
