package dev.twin.runtime.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.contract.testing.Seeds;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Streamed tool calls are reassembled from their {@code delta.tool_calls} fragments however the
 * server cuts and interleaves them. Generated cases use a seeded generator ({@code -Dtwin.seed=}
 * replays a failure).
 */
class StreamedCallsTest {

    private static final int[] CHARS = "abcdefgh \"\\{}:,é€😀\n".codePoints().toArray();

    /** A fragment as the adapter parses it from a chunk. */
    private static Map<String, Object> start(int index, String id, String name) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", name);
        fn.put("arguments", "");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("index", index);
        f.put("id", id);
        f.put("type", "function");
        f.put("function", fn);
        return f;
    }

    private static Map<String, Object> piece(int index, String arguments) {
        return Map.of("index", index, "function", Map.of("arguments", arguments));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> toolCalls(OpenAiToolRound.StreamedCalls calls) {
        return (List<Map<String, Object>>) calls.message("").get("tool_calls");
    }

    @SuppressWarnings("unchecked")
    private static String arguments(Map<String, Object> call) {
        return (String) ((Map<String, Object>) call.get("function")).get("arguments");
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> call) {
        return (String) ((Map<String, Object>) call.get("function")).get("name");
    }

    /** A random arguments string (any characters: the adapter never parses it). */
    private static String text(RandomGenerator random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(CHARS[random.nextInt(CHARS.length)]);
        }
        return s.toString();
    }

    /** {@code s} cut into 1 to 6 consecutive pieces (some may be empty). */
    private static List<String> cut(RandomGenerator random, String s) {
        int pieces = 1 + random.nextInt(6);
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int i = 1; i < pieces; i++) {
            int next = at + random.nextInt(s.length() - at + 1);
            out.add(s.substring(at, next));
            at = next;
        }
        out.add(s.substring(at));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> twoCalls_cutAndInterleavedAtRandom_areReassembledExactly() {
        long seed = Long.getLong(Seeds.PROPERTY, new SecureRandom().nextLong());
        RandomGenerator random = Seeds.random(StreamedCallsTest.class, seed);
        List<DynamicTest> tests = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            String[] args = {text(random), text(random)};
            List<List<String>> pieces = List.of(cut(random, args[0]), cut(random, args[1]));
            // the server's chunks: each call's start, then its pieces in order, the two calls
            // interleaved at random and sometimes two fragments in one chunk
            List<List<Map<String, Object>>> chunks = new ArrayList<>();
            int[] next = {-1, -1}; // -1: start not sent yet
            while (next[0] < pieces.get(0).size() || next[1] < pieces.get(1).size()) {
                List<Map<String, Object>> chunk = new ArrayList<>();
                int fragments = 1 + random.nextInt(2);
                for (int f = 0; f < fragments; f++) {
                    int i = random.nextInt(2);
                    if (next[i] >= pieces.get(i).size()) {
                        i = 1 - i;
                    }
                    if (next[i] >= pieces.get(i).size()) {
                        break;
                    }
                    chunk.add(
                            next[i] < 0
                                    ? start(i, "call_" + (char) ('a' + i), "tool_" + i)
                                    : piece(i, pieces.get(i).get(next[i])));
                    next[i]++;
                }
                chunks.add(chunk);
            }
            // -Dtwin.seed=<seed> replays the cases; each failure names it
            String why = "seed " + seed + " case " + c;
            tests.add(
                    DynamicTest.dynamicTest(
                            why,
                            () -> {
                                OpenAiToolRound.StreamedCalls calls =
                                        new OpenAiToolRound.StreamedCalls();
                                for (List<Map<String, Object>> chunk : chunks) {
                                    for (int p = 0; p < chunk.size(); p++) {
                                        calls.add(chunk.get(p), p);
                                    }
                                }
                                List<Map<String, Object>> out = toolCalls(calls);
                                int first = chunks.get(0).get(0).get("index").equals(0) ? 0 : 1;
                                assertThat(out).as(why).hasSize(2);
                                for (int k = 0; k < 2; k++) {
                                    int i = k == 0 ? first : 1 - first;
                                    assertThat(out.get(k).get("id"))
                                            .as(why)
                                            .isEqualTo("call_" + (char) ('a' + i));
                                    assertThat(name(out.get(k))).as(why).isEqualTo("tool_" + i);
                                    assertThat(arguments(out.get(k))).as(why).isEqualTo(args[i]);
                                }
                            }));
        }
        return tests.stream();
    }

    @Test
    void aDroppedFragment_isNotHidden() {
        // the negative example: the reassembly check above can fail
        OpenAiToolRound.StreamedCalls calls = new OpenAiToolRound.StreamedCalls();
        calls.add(start(0, "call_a", "record_contact"), 0);
        calls.add(piece(0, "{\"email\":"), 0);
        calls.add(piece(0, "\"a@b.io\"}"), 0);
        OpenAiToolRound.StreamedCalls lossy = new OpenAiToolRound.StreamedCalls();
        lossy.add(start(0, "call_a", "record_contact"), 0);
        lossy.add(piece(0, "\"a@b.io\"}"), 0);

        assertThat(arguments(toolCalls(calls).get(0))).isEqualTo("{\"email\":\"a@b.io\"}");
        assertThat(arguments(toolCalls(lossy).get(0))).isNotEqualTo("{\"email\":\"a@b.io\"}");
    }

    @Test
    void fragmentsWithoutIndexOrId_takeTheirPlaceInTheChunk_andGetAnId() {
        // Given a server that omits index and id, sending two whole calls in one chunk
        OpenAiToolRound.StreamedCalls calls = new OpenAiToolRound.StreamedCalls();
        calls.add(Map.of("function", Map.of("name", "a", "arguments", "{}")), 0);
        calls.add(Map.of("function", Map.of("name", "b", "arguments", "{\"x\":1}")), 1);

        List<Map<String, Object>> out = toolCalls(calls);

        assertThat(out).extracting(c -> c.get("id")).containsExactly("call_0", "call_1");
        assertThat(out).extracting(c -> c.get("type")).containsExactly("function", "function");
        assertThat(out).extracting(StreamedCallsTest::name).containsExactly("a", "b");
        assertThat(arguments(out.get(1))).isEqualTo("{\"x\":1}");
    }

    @Test
    void message_carriesWhatWasSaidBefore_ornullContent() {
        OpenAiToolRound.StreamedCalls calls = new OpenAiToolRound.StreamedCalls();
        calls.add(start(0, "call_a", "record_contact"), 0);

        assertThat(calls.message("Let me note that."))
                .containsEntry("role", "assistant")
                .containsEntry("content", "Let me note that.");
        assertThat(calls.message("")).containsEntry("content", null);
    }
}
