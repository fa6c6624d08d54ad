package dev.twin.runtime.adapter.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.observe.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The turn's one tool round on the OpenAI-compatible wire, shared by the buffered and the streamed
 * call: runs an assistant message's {@code tool_calls} under {@link ToolRound}'s rules and writes
 * the follow-up's extra messages (that assistant message, then one {@code tool} message per call).
 */
final class OpenAiToolRound {

    /** What one call answered, under the id the follow-up's {@code tool} message names. */
    private record Answer(String callId, String content) {}

    private final Tools tools;
    private final ToolRound time;
    private final Object assistant;
    private final Set<String> overCap;
    private final List<ToolResult> results = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();

    /**
     * @param assistant the assistant message that asked for the tools, as a parsed tree (maps,
     *     lists, strings): the buffered answer's {@code message}, or the one a stream assembled
     */
    OpenAiToolRound(Tools tools, ToolRound time, Object assistant) {
        this(tools, time, assistant, Set.of());
    }

    /**
     * @param overCap ids of calls whose streamed arguments passed {@link
     *     ToolRound#MAX_ARGUMENT_CHARS}: answered with an error, not run
     */
    OpenAiToolRound(Tools tools, ToolRound time, Object assistant, Set<String> overCap) {
        this.tools = tools;
        this.time = time;
        this.assistant = assistant;
        this.overCap = Set.copyOf(overCap);
    }

    /** The {@code tool_calls} of an assistant message; empty when it asks for none. */
    static List<?> calls(Object assistant) {
        return assistant instanceof Map<?, ?> m && m.get("tool_calls") instanceof List<?> l
                ? l
                : List.of();
    }

    /**
     * Runs the calls (at most {@link ToolRound#MAX_CALLS}; a call without a name, or beyond the
     * limit, is an error result the model reads) when the tools' worst case still fits the
     * deadline. Otherwise runs none and returns {@code false}: the visitor then gets {@link
     * #fallbackReply()}.
     */
    boolean run(String model) {
        if (!time.mayRunTools()) {
            Log.warn(
                    "tool_round_skipped",
                    model + " asked for a tool with " + time.left().toMillis() + " ms left");
            results.add(ToolResult.error("no time left"));
            return false;
        }
        for (Object call : calls(assistant)) {
            Object id = get(call, "id");
            Object fn = get(call, "function");
            Object name = get(fn, "name");
            Object args = get(fn, "arguments");
            ToolResult r =
                    results.size() >= ToolRound.MAX_CALLS
                            ? ToolResult.error(
                                    "only " + ToolRound.MAX_CALLS + " tool calls per turn")
                            : !(name instanceof String n)
                                    ? ToolResult.error("the tool call has no function name")
                                    : overCap.contains(id)
                                            ? ToolResult.error(
                                                    "the arguments of "
                                                            + n
                                                            + " were over "
                                                            + ToolRound.MAX_ARGUMENT_CHARS
                                                            + " characters; nothing was done")
                                            : tools.call(n, args instanceof String a ? a : "{}");
            results.add(r);
            answers.add(
                    new Answer(
                            id instanceof String i ? i : "",
                            (r.error() ? "error: " : "") + r.content()));
        }
        return true;
    }

    /** Whether a follow-up call still fits: the calls ran and at least a second is left. */
    boolean mayFollowUp() {
        return !answers.isEmpty() && time.followUpTimeout() != null;
    }

    /** Writes the follow-up's extra messages, after the history. */
    void writeMessages(JsonGenerator g) throws IOException {
        writeValue(g, assistant);
        for (Answer a : answers) {
            g.writeStartObject();
            g.writeStringField("role", "tool");
            g.writeStringField("tool_call_id", a.callId());
            g.writeStringField("content", a.content());
            g.writeEndObject();
        }
    }

    /** What the visitor reads when the model could not answer after the tools. */
    String fallbackReply() {
        return tools.fallbackReply(results);
    }

    /**
     * The tool calls of a stream, assembled from its {@code choices[0].delta.tool_calls} fragments:
     * the first fragment of a call carries its {@code index}, {@code id}, {@code type} and {@code
     * function.name}, later ones only the {@code index} and a piece of {@code function.arguments}
     * (a JSON string, whole only when the stream ends).
     */
    static final class StreamedCalls {
        private final Map<Integer, Pending> byIndex = new HashMap<>();
        private final List<Pending> calls = new ArrayList<>();

        /**
         * Adds one fragment; {@code position} (its place in the chunk) stands in for a missing
         * index.
         */
        void add(Object fragment, int position) {
            int index = get(fragment, "index") instanceof Number n ? n.intValue() : position;
            String id = get(fragment, "id") instanceof String s && !s.isEmpty() ? s : null;
            Pending call = byIndex.get(index);
            // another id at an index in use is another call: some servers (Ollama) send each call
            // of a batch whole, every one at index 0
            if (call == null || (id != null && call.id != null && !id.equals(call.id))) {
                call = new Pending();
                byIndex.put(index, call);
                calls.add(call);
            }
            if (call.id == null) {
                call.id = id;
            }
            if (call.type == null && get(fragment, "type") instanceof String t) {
                call.type = t;
            }
            Object fn = get(fragment, "function");
            if (call.name == null && get(fn, "name") instanceof String n && !n.isEmpty()) {
                call.name = n;
            }
            if (get(fn, "arguments") instanceof String a) {
                call.append(a);
            }
        }

        boolean isEmpty() {
            return calls.isEmpty();
        }

        /** The ids ({@link #message} names them) of calls whose arguments passed the cap. */
        Set<String> overCap() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i).tooLong) {
                    ids.add(idOf(i));
                }
            }
            return ids;
        }

        private String idOf(int i) {
            String id = calls.get(i).id;
            // the tool message must name the call; a server that sent no id gets one of ours
            return id != null ? id : "call_" + i;
        }

        /**
         * The assistant message that asked for the calls, as the follow-up repeats it.
         *
         * @param content what the model said before the calls ({@code null} in the message when
         *     empty)
         */
        Map<String, Object> message(String content) {
            List<Object> toolCalls = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                Pending p = calls.get(i);
                Map<String, Object> fn = new LinkedHashMap<>();
                fn.put("name", p.name);
                fn.put("arguments", p.arguments());
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("id", idOf(i));
                call.put("type", p.type != null ? p.type : "function");
                call.put("function", fn);
                toolCalls.add(call);
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", content.isEmpty() ? null : content);
            message.put("tool_calls", toolCalls);
            return message;
        }

        private static final class Pending {
            String id;
            String type;
            String name;
            final StringBuilder arguments = new StringBuilder();
            boolean tooLong;

            void append(String piece) {
                if (tooLong || arguments.length() + piece.length() > ToolRound.MAX_ARGUMENT_CHARS) {
                    tooLong = true;
                    arguments.setLength(0);
                    return;
                }
                arguments.append(piece);
            }

            /**
             * What the call carries on: the arguments, or for arguments over the cap an empty
             * object (the follow-up must stay valid; the tool then refuses the call, and the model
             * reads why).
             */
            String arguments() {
                return tooLong ? "{}" : arguments.toString();
            }
        }
    }

    /** Writes a parsed tree (maps, lists, scalars) back as JSON. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object item : l) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeNull();
        }
    }

    private static Object get(Object node, String field) {
        return node instanceof Map<?, ?> m ? m.get(field) : null;
    }
}
