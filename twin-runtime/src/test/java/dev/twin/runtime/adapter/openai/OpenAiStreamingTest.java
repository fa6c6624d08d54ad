package dev.twin.runtime.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.adapter.local.ConsoleOwnerNotifier;
import dev.twin.runtime.adapter.local.LocalLeadStore;
import dev.twin.runtime.adapter.openai.StreamingStandIn.Fragment;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.owner.OwnerDesk;
import dev.twin.runtime.port.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible adapter streaming from a loopback stand-in that dribbles its events,
 * including the turn's tool round (the owner's real tools, recording into a temporary folder).
 */
class OpenAiStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelRequest REQUEST =
            new ModelRequest("You are Ana.", List.of(new Message(Role.USER, "hi", Instant.EPOCH)));

    private final StreamingStandIn standIn = newStandIn();
    private final List<String> pieces = new CopyOnWriteArrayList<>();

    private static StreamingStandIn newStandIn() {
        try {
            return new StreamingStandIn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private OpenAiChatModel model(Duration timeout) {
        return new OpenAiChatModel(
                OpenAiChatModel.httpClient(),
                standIn.baseUrl(),
                "gpt-4o-mini",
                ApiKeySource.fixed("sk-test-not-a-real-key"),
                null,
                null,
                timeout);
    }

    @Test
    void stream_handsOverEachPieceAsItArrives_andReadsUsage() throws Exception {
        // Given: the stand-in sends the second piece only after the adapter passed on the first
        CountDownLatch firstSeen = new CountDownLatch(1);
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(out, StreamingStandIn.piece("Hello"));
                    assertThat(firstSeen.await(5, TimeUnit.SECONDS)).isTrue();
                    StreamingStandIn.event(out, StreamingStandIn.piece(", I am"));
                    StreamingStandIn.event(out, StreamingStandIn.piece(" Ana."));
                    StreamingStandIn.event(out, StreamingStandIn.usage(12, 5));
                    StreamingStandIn.event(out, "[DONE]");
                });

        // When
        ModelReply reply =
                model(Duration.ofSeconds(10)).stream(
                        REQUEST,
                        p -> {
                            pieces.add(p);
                            firstSeen.countDown();
                            return true;
                        });

        // Then
        assertThat(pieces).containsExactly("Hello", ", I am", " Ana.");
        assertThat(reply).isEqualTo(new ModelReply("Hello, I am Ana.", 12, 5));
        StreamingStandIn.Seen sent = standIn.requests().get(0);
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.headers().get("Authorization"))
                .containsExactly("Bearer sk-test-not-a-real-key");
        assertThat(sent.headers().get("Accept")).containsExactly("text/event-stream");
    }

    @Test
    void stream_throttledBeforeTheFirstPiece_isRetriedOnce() {
        standIn.then(
                        ex -> {
                            byte[] b =
                                    "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}"
                                            .getBytes(StandardCharsets.UTF_8);
                            ex.getResponseHeaders().set("Retry-After", "0");
                            ex.sendResponseHeaders(429, b.length);
                            ex.getResponseBody().write(b);
                        })
                .then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("ok"));
                            StreamingStandIn.event(out, "[DONE]");
                        });

        ModelReply reply = model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add);

        assertThat(reply.text()).isEqualTo("ok");
        assertThat(standIn.requests()).hasSize(2);
    }

    @Test
    void stream_cutAfterTheFirstPiece_failsWithoutRetrying() {
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("Hel"));
                            throw new IOException("cut"); // closes without [DONE]
                        })
                .then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("never"));
                            StreamingStandIn.event(out, "[DONE]");
                        });

        assertThatThrownBy(() -> model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.UNAVAILABLE);
        assertThat(pieces).containsExactly("Hel");
        assertThat(standIn.requests()).hasSize(1);
    }

    @Test
    void stream_thatStalls_endsAsATimeout_withinTheBudget() {
        CountDownLatch never = new CountDownLatch(1);
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(out, StreamingStandIn.piece("Hel"));
                    never.await(20, TimeUnit.SECONDS);
                });
        long start = System.nanoTime();

        assertThatThrownBy(() -> model(Duration.ofMillis(1500)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.TIMEOUT);
        never.countDown();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(pieces).containsExactly("Hel");
    }

    @Test
    void stream_stoppedBySink_returnsWhatItHas() {
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    for (int i = 0; i < 5; i++) {
                        StreamingStandIn.event(out, StreamingStandIn.piece("w" + i + " "));
                    }
                    StreamingStandIn.event(out, "[DONE]");
                });

        ModelReply reply =
                model(Duration.ofSeconds(10)).stream(
                        REQUEST, p -> pieces.add(p) && pieces.size() < 2);

        assertThat(reply.text()).isEqualTo("w0 w1 ");
    }

    @Test
    void stream_contentFilter_isARefusal() {
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(
                            out,
                            "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}]}");
                    StreamingStandIn.event(out, "[DONE]");
                });

        assertThatThrownBy(() -> model(Duration.ofSeconds(10)).stream(REQUEST, pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.REFUSED);
    }

    // ----- the turn's tool round on the stream -----

    private static final String EMAIL = "visitor@example.com";
    private static final String ASKED =
            "my e-mail is " + EMAIL + ", please get in touch about a workshop. Do you teach?";

    @TempDir Path memory;
    private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

    /** The owner's real tools for one turn, recording under {@link #memory}. */
    private Tools tools() {
        OwnerDesk desk =
                new OwnerDesk(
                        new LocalLeadStore(memory),
                        new ConsoleOwnerNotifier(
                                new PrintStream(notices, true, StandardCharsets.UTF_8)),
                        Clock.systemUTC());
        return desk.forTurn(SessionId.random(), ASKED);
    }

    private ModelRequest withTools() {
        return new ModelRequest(
                "You are Ana.", List.of(new Message(Role.USER, ASKED, Instant.EPOCH)), tools());
    }

    private List<JsonNode> records(String prefix) throws IOException {
        Path root = memory.resolve(prefix);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.add(JSON.readTree(Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private JsonNode sentBody(int i) throws IOException {
        return JSON.readTree(standIn.requests().get(i).body());
    }

    /** Text, then record_contact with arguments in pieces; one fragment per chunk. */
    private static StreamingStandIn.Script saysThenCallsRecordContact(String arguments) {
        return ex -> {
            OutputStream out = StreamingStandIn.open(ex);
            StreamingStandIn.event(out, StreamingStandIn.piece("Let me "));
            StreamingStandIn.event(out, StreamingStandIn.piece("note that."));
            StreamingStandIn.event(
                    out, StreamingStandIn.toolCallStart(0, "call_a", OwnerDesk.RECORD_CONTACT));
            int half = arguments.length() / 2;
            StreamingStandIn.event(
                    out,
                    StreamingStandIn.toolCallArguments(
                            new Fragment(0, arguments.substring(0, half))));
            StreamingStandIn.event(
                    out,
                    StreamingStandIn.toolCallArguments(new Fragment(0, arguments.substring(half))));
            StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
            StreamingStandIn.event(out, StreamingStandIn.usage(90, 12));
            StreamingStandIn.event(out, "[DONE]");
        };
    }

    private static StreamingStandIn.Script answers(String... words) {
        return ex -> {
            OutputStream out = StreamingStandIn.open(ex);
            for (String w : words) {
                StreamingStandIn.event(out, StreamingStandIn.piece(w));
            }
            StreamingStandIn.event(out, StreamingStandIn.finish("stop"));
            StreamingStandIn.event(out, StreamingStandIn.usage(120, 9));
            StreamingStandIn.event(out, "[DONE]");
        };
    }

    private static StreamingStandIn.Script status(int code) {
        return ex -> {
            byte[] b = "{\"error\":{\"message\":\"overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
        };
    }

    @Test
    void stream_toolCalls_runTheTools_andStreamTheFollowUpAfterWhatWasSaid() throws Exception {
        // Given: text, then two calls whose argument strings arrive interleaved, in pieces
        String contact = "{\"email\":\"" + EMAIL + "\",\"note\":\"workshop\"}";
        String question = "{\"question\":\"Do you teach?\"}";
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(out, StreamingStandIn.piece("Let me "));
                            StreamingStandIn.event(out, StreamingStandIn.piece("note that."));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            0, "call_a", OwnerDesk.RECORD_CONTACT));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, contact.substring(0, 5))));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            1, "call_b", OwnerDesk.RECORD_UNKNOWN_QUESTION));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(1, question.substring(0, 7)),
                                            new Fragment(0, contact.substring(5, 20))));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, contact.substring(20))));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(1, question.substring(7))));
                            StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                            StreamingStandIn.event(out, StreamingStandIn.usage(90, 12));
                            StreamingStandIn.event(out, "[DONE]");
                        })
                .then(answers("Done,", " Ana will write to you."));

        // When
        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        // Then the visitor saw the first text, a blank line, then the answer after the tools
        assertThat(pieces)
                .containsExactly(
                        "Let me ", "note that.", "\n\n", "Done,", " Ana will write to you.");
        assertThat(reply).isEqualTo(new ModelReply(String.join("", pieces), 90 + 120, 12 + 9));
        // the first request offered the tools, streaming
        assertThat(standIn.requests()).hasSize(2);
        JsonNode first = sentBody(0);
        assertThat(first.get("stream").asBoolean()).isTrue();
        assertThat(first.findValues("function").stream().map(f -> f.get("name").asText()))
                .containsExactly(OwnerDesk.RECORD_CONTACT, OwnerDesk.RECORD_UNKNOWN_QUESTION);
        assertThat(first.has("tool_choice")).isFalse();
        // the follow-up repeats the assistant's calls, reassembled, and answers each by its id
        JsonNode second = sentBody(1);
        assertThat(second.get("stream").asBoolean()).isTrue();
        assertThat(second.get("tool_choice").asText()).isEqualTo("none");
        assertThat(second.get("tools")).isEqualTo(first.get("tools"));
        JsonNode msgs = second.get("messages");
        assertThat(msgs).hasSize(5);
        JsonNode assistant = msgs.get(2);
        assertThat(assistant.get("role").asText()).isEqualTo("assistant");
        assertThat(assistant.get("content").asText()).isEqualTo("Let me note that.");
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("call_a");
        assertThat(assistant.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(assistant.at("/tool_calls/0/function/name").asText())
                .isEqualTo(OwnerDesk.RECORD_CONTACT);
        assertThat(assistant.at("/tool_calls/0/function/arguments").asText()).isEqualTo(contact);
        assertThat(assistant.at("/tool_calls/1/id").asText()).isEqualTo("call_b");
        assertThat(assistant.at("/tool_calls/1/function/name").asText())
                .isEqualTo(OwnerDesk.RECORD_UNKNOWN_QUESTION);
        assertThat(assistant.at("/tool_calls/1/function/arguments").asText()).isEqualTo(question);
        assertThat(msgs.get(3).get("role").asText()).isEqualTo("tool");
        assertThat(msgs.get(3).get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(msgs.get(3).get("content").asText()).startsWith("Recorded.");
        assertThat(msgs.get(4).get("tool_call_id").asText()).isEqualTo("call_b");
        assertThat(msgs.get(4).get("content").asText()).startsWith("Noted.");
        // and both records were written, and the owner told
        assertThat(records("leads/"))
                .singleElement()
                .satisfies(l -> assertThat(l.get("email").asText()).isEqualTo(EMAIL));
        assertThat(records("unknown/"))
                .singleElement()
                .satisfies(q -> assertThat(q.get("question").asText()).isEqualTo("Do you teach?"));
        assertThat(notices.toString(StandardCharsets.UTF_8))
                .contains("new contact " + EMAIL)
                .contains("unanswered question");
    }

    @Test
    void stream_toolCallWithoutTextBefore_answersWithoutASeparator() throws Exception {
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            0, "call_a", OwnerDesk.RECORD_CONTACT));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, "{\"email\":\"" + EMAIL + "\"}")));
                            StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                            StreamingStandIn.event(out, "[DONE]");
                        })
                .then(answers("Thanks!"));

        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        assertThat(pieces).containsExactly("Thanks!");
        // the first call reported no usage, so the turn's counts are unknown
        assertThat(reply).isEqualTo(new ModelReply("Thanks!", -1, -1));
        assertThat(sentBody(1).at("/messages/2/content").isNull()).isTrue();
        assertThat(records("leads/")).hasSize(1);
    }

    @Test
    void stream_badToolArguments_areAToolErrorTheModelReads_andTheVisitorStillGetsAnAnswer()
            throws Exception {
        // Given arguments that are not JSON at all
        standIn.then(saysThenCallsRecordContact("{\"email\": visitor at example"))
                .then(answers("Could you check", " your e-mail address?"));

        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        assertThat(reply.text())
                .isEqualTo("Let me note that.\n\nCould you check your e-mail address?")
                .isEqualTo(String.join("", pieces));
        JsonNode tool = sentBody(1).at("/messages/3");
        assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(tool.get("content").asText()).startsWith("error: ");
        assertThat(records("leads/")).isEmpty();
    }

    @Test
    void stream_toolArgumentsOverTheCap_areNotKept_andTheModelReadsWhyNothingWasDone()
            throws Exception {
        // Given a model that streams arguments past the cap (an e-mail inside a flood of text)
        String flood =
                "{\"email\":\""
                        + EMAIL
                        + "\",\"note\":\""
                        + "x".repeat(ToolRound.MAX_ARGUMENT_CHARS)
                        + "\"}";
        standIn.then(saysThenCallsRecordContact(flood)).then(answers("Noted", " nothing."));

        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        // Then the tool did not run, and the follow-up carried valid, empty arguments and the
        // reason under the call's id
        assertThat(records("leads/")).isEmpty();
        assertThat(reply.text()).isEqualTo(String.join("", pieces)).endsWith("Noted nothing.");
        JsonNode call = sentBody(1).at("/messages/2/tool_calls/0");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{}");
        JsonNode tool = sentBody(1).at("/messages/3");
        assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(tool.get("content").asText())
                .startsWith("error: ")
                .contains("over " + ToolRound.MAX_ARGUMENT_CHARS + " characters");
    }

    @Test
    void stream_emptyFollowUp_handsOverTheFallback() throws Exception {
        standIn.then(saysThenCallsRecordContact("{\"email\":\"" + EMAIL + "\"}")).then(answers());

        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        assertThat(pieces)
                .containsExactly(
                        "Let me ",
                        "note that.",
                        "\n\n",
                        "Thank you, I have passed that on to the owner.");
        assertThat(reply).isEqualTo(new ModelReply(String.join("", pieces), 210, 21));
        assertThat(records("leads/")).hasSize(1);
    }

    @Test
    void stream_toolCallWithoutTimeLeft_handsOverTheFallback_withoutRunningTheTool()
            throws Exception {
        // Given a budget that leaves less than the tools' reserve once the first stream ends
        standIn.then(
                ex -> {
                    OutputStream out = StreamingStandIn.open(ex);
                    StreamingStandIn.event(out, StreamingStandIn.piece("One moment."));
                    StreamingStandIn.event(
                            out,
                            StreamingStandIn.toolCallStart(0, "call_a", OwnerDesk.RECORD_CONTACT));
                    Thread.sleep(1_200);
                    StreamingStandIn.event(
                            out,
                            StreamingStandIn.toolCallArguments(
                                    new Fragment(0, "{\"email\":\"" + EMAIL + "\"}")));
                    StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                    StreamingStandIn.event(out, StreamingStandIn.usage(90, 12));
                    StreamingStandIn.event(out, "[DONE]");
                });

        ModelReply reply =
                model(ToolRound.TOOLS_RESERVE.plusMillis(800)).stream(withTools(), pieces::add);

        assertThat(pieces)
                .containsExactly(
                        "One moment.",
                        "\n\n",
                        "Sorry, I could not note that just now; please try again in a moment.");
        assertThat(reply).isEqualTo(new ModelReply(String.join("", pieces), 90, 12));
        assertThat(standIn.requests()).hasSize(1);
        assertThat(records("leads/")).isEmpty();
    }

    @Test
    void stream_stoppedByTheGuardBeforeTheToolCall_runsNoToolAndNoFollowUp() throws Exception {
        standIn.then(saysThenCallsRecordContact("{\"email\":\"" + EMAIL + "\"}"))
                .then(answers("never"));

        ModelReply reply =
                model(Duration.ofSeconds(10)).stream(withTools(), p -> pieces.add(p) && false);

        assertThat(reply.text()).isEqualTo("Let me ");
        assertThat(pieces).containsExactly("Let me ");
        assertThat(standIn.requests()).hasSize(1);
        assertThat(records("leads/")).isEmpty();
    }

    @Test
    void stream_followUpFailingAfterTextWasSent_isNotRetried_andEndsTheTurn() throws Exception {
        standIn.then(saysThenCallsRecordContact("{\"email\":\"" + EMAIL + "\"}"))
                .then(status(503))
                .then(answers("never"));

        assertThatThrownBy(() -> model(Duration.ofSeconds(10)).stream(withTools(), pieces::add))
                .isInstanceOf(ModelException.class)
                .extracting(e -> ((ModelException) e).kind())
                .isEqualTo(ModelException.Kind.UNAVAILABLE);
        assertThat(standIn.requests()).hasSize(2);
        assertThat(pieces).containsExactly("Let me ", "note that.");
        // the tools ran before the follow-up failed: the contact is kept
        assertThat(records("leads/")).hasSize(1);
    }

    @Test
    void stream_followUpFailing_whenNothingWasSentYet_isRetriedOnce() throws Exception {
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            0, "call_a", OwnerDesk.RECORD_CONTACT));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, "{\"email\":\"" + EMAIL + "\"}")));
                            StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                            StreamingStandIn.event(out, "[DONE]");
                        })
                .then(status(503))
                .then(answers("Thanks!"));

        ModelReply reply = model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        assertThat(reply.text()).isEqualTo("Thanks!");
        assertThat(standIn.requests()).hasSize(3);
        // the retry is the same follow-up, and the tool ran once
        assertThat(sentBody(2)).isEqualTo(sentBody(1));
        assertThat(records("leads/")).hasSize(1);
    }

    @Test
    void stream_callsAtOneIndexWithNewIds_areSeparateCalls() throws Exception {
        // Given a server that sends each call of a batch whole, every one at index 0 (Ollama)
        standIn.then(
                        ex -> {
                            OutputStream out = StreamingStandIn.open(ex);
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            0, "call_a", OwnerDesk.RECORD_CONTACT));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, "{\"email\":\"" + EMAIL + "\"}")));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallStart(
                                            0, "call_b", OwnerDesk.RECORD_UNKNOWN_QUESTION));
                            StreamingStandIn.event(
                                    out,
                                    StreamingStandIn.toolCallArguments(
                                            new Fragment(0, "{\"question\":\"Do you teach?\"}")));
                            StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                            StreamingStandIn.event(out, "[DONE]");
                        })
                .then(answers("Noted both."));

        model(Duration.ofSeconds(10)).stream(withTools(), pieces::add);

        JsonNode msgs = sentBody(1).get("messages");
        assertThat(msgs.at("/2/tool_calls").findValuesAsText("id"))
                .containsExactly("call_a", "call_b");
        assertThat(msgs.get(3).get("content").asText()).startsWith("Recorded.");
        assertThat(msgs.get(4).get("content").asText()).startsWith("Noted.");
        assertThat(records("leads/")).hasSize(1);
        assertThat(records("unknown/")).hasSize(1);
    }
}
