package dev.twin.runtime.owner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twin.runtime.adapter.bedrock.BedrockChatModel;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.local.LocalLeadStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.openai.ApiKeySource;
import dev.twin.runtime.adapter.openai.OpenAiChatModel;
import dev.twin.runtime.adapter.openai.StreamingStandIn;
import dev.twin.runtime.adapter.openai.StreamingStandIn.Fragment;
import dev.twin.runtime.adapter.sns.SnsOwnerNotifier;
import dev.twin.runtime.chat.ChatOutcome;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.observe.OwnerMetrics;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.PersonaSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The done-when of the owner's tools, through the real chat service: a visitor who writes "my
 * e-mail is … please get in touch" produces a lead record and an owner notification (at an SNS
 * stand-in), with Bedrock (a WireMock {@code toolUse}), an OpenAI-compatible model ({@code
 * tool_calls}) and offline; a bad call is a tool error; a failing topic never fails the turn.
 */
class OwnerToolsFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONVERSE = "/model/amazon.nova-lite-v1%3A0/converse";
    private static final String CONVERSE_STREAM = CONVERSE + "-stream";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:twin-owner";
    private static final String EMAIL = "visitor@example.com";
    private static final String MESSAGE =
            "Great talk! my e-mail is " + EMAIL + " please get in touch about a workshop";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("local-test-access-key", "local-test-secret"));

    private static WireMockServer wm;
    private static BedrockRuntimeClient bedrock;
    private static SnsClient sns;

    @TempDir Path memory;
    private final List<String> metricLines = new ArrayList<>();

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        URI endpoint = URI.create("http://127.0.0.1:" + wm.port());
        bedrock = BedrockChatModel.client(endpoint, CREDENTIALS, Duration.ofSeconds(10));
        sns = SnsOwnerNotifier.client(endpoint, CREDENTIALS);
    }

    @AfterAll
    static void stop() {
        bedrock.close();
        sns.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=Publish"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                                                        + "<PublishResult><MessageId>m-1</MessageId></PublishResult>"
                                                        + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                                                        + "</PublishResponse>")));
    }

    private ChatService chat(ChatModel model) {
        PersonaSource persona =
                new PersonaSource() {
                    private final Persona p =
                            new Persona(
                                    Map.of(
                                            "me.txt",
                                            "I am Ana Quill, a bridge engineer in Porto."));

                    @Override
                    public Persona current() {
                        return p;
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        OwnerDesk desk =
                new OwnerDesk(
                        new LocalLeadStore(memory),
                        new BoundedOwnerNotifier(
                                new SnsOwnerNotifier(sns, TOPIC, "Ana Quill"),
                                new HourlyLimit(20, Clock.systemUTC()),
                                new OwnerMetrics("Ana Quill", metricLines::add)),
                        Clock.systemUTC());
        return new ChatService(
                model,
                new InMemoryConversationStore(),
                persona,
                ChatSettings.defaults("Ana Quill"),
                Clock.systemUTC(),
                desk);
    }

    private List<JsonNode> records(String prefix) throws Exception {
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

    private static List<LoggedRequest> publishes() {
        return wm.findAll(
                postRequestedFor(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=Publish")));
    }

    private static String bedrockToolUse(String input) {
        return """
        {"output":{"message":{"role":"assistant","content":[
           {"text":"Let me note that."},
           {"toolUse":{"toolUseId":"tooluse_1","name":"record_contact","input":%s}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":100,"outputTokens":20,"totalTokens":120}}
        """
                .formatted(input);
    }

    private static String bedrockText(String text) {
        return """
        {"output":{"message":{"role":"assistant","content":[{"text":"%s"}]}},
         "stopReason":"end_turn","usage":{"inputTokens":130,"outputTokens":15,"totalTokens":145}}
        """
                .formatted(text);
    }

    private void bedrockScript(String first, String second) {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .inScenario("tool round")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(okJson(first))
                        .willSetStateTo("answered tool"));
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .inScenario("tool round")
                        .whenScenarioStateIs("answered tool")
                        .willReturn(okJson(second)));
    }

    private static List<JsonNode> converseBodies() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(CONVERSE)))) {
            out.add(JSON.readTree(r.getBodyAsString()));
        }
        return out;
    }

    @Test
    void bedrock_toolUse_recordsTheLead_notifiesTheOwner_andSendsTheToolResultBack()
            throws Exception {
        // Given a model that asks for record_contact, then answers
        bedrockScript(
                bedrockToolUse(
                        "{\"email\":\"" + EMAIL + "\",\"name\":\"Rui\",\"note\":\"workshop\"}"),
                bedrockText("Thanks Rui, I passed your details on."));
        ChatService chat = chat(new BedrockChatModel(bedrock, "amazon.nova-lite-v1:0"));

        // When
        ChatOutcome out = chat.chat(null, MESSAGE);

        // Then the visitor gets the follow-up answer
        assertThat(out.reply().text()).isEqualTo("Thanks Rui, I passed your details on.");
        assertThat(out.reply().inputTokens()).isEqualTo(230);
        // the first request offered both tools
        List<JsonNode> calls = converseBodies();
        assertThat(calls).hasSize(2);
        JsonNode tools = calls.get(0).at("/toolConfig/tools");
        assertThat(tools.findValuesAsText("name"))
                .contains(OwnerDesk.RECORD_CONTACT, OwnerDesk.RECORD_UNKNOWN_QUESTION);
        assertThat(
                        calls.get(0)
                                .at("/toolConfig/tools/0/toolSpec/inputSchema/json/required/0")
                                .asText())
                .isEqualTo("email");
        // the second carried the model's toolUse and our toolResult
        JsonNode messages = calls.get(1).get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.get("role").asText()).isEqualTo("user");
        JsonNode result = last.at("/content/0/toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo("tooluse_1");
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.at("/content/0/text").asText()).startsWith("Recorded.");
        assertThat(messages.get(messages.size() - 2).at("/content/1/toolUse/name").asText())
                .isEqualTo("record_contact");
        // one lead record, one notification
        List<JsonNode> leads = records("leads/");
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("email").asText()).isEqualTo(EMAIL);
        assertThat(leads.get(0).get("name").asText()).isEqualTo("Rui");
        assertThat(leads.get(0).get("session_id").asText()).isEqualTo(out.sessionId().value());
        List<LoggedRequest> published = publishes();
        assertThat(published).hasSize(1);
        String form = URLDecoder.decode(published.get(0).getBodyAsString(), "UTF-8");
        assertThat(form)
                .contains("TopicArn=" + TOPIC)
                .contains(EMAIL)
                .contains("Rui")
                .contains("workshop")
                .contains(out.sessionId().value())
                .contains("Great talk!");
    }

    @Test
    void bedrock_streamedTurn_runsTheToolRoundInTheStream_recordsTheLead_andNotifiesTheOwner()
            throws Exception {
        // Given a model that says a few words, asks for record_contact (its input in fragments),
        // then answers, reached through /chat/stream
        wm.stubFor(
                post(urlEqualTo(CONVERSE_STREAM))
                        .inScenario("streamed tool round")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                eventStream(
                                        event("contentBlockDelta", textDelta("Let me ")),
                                        event("contentBlockDelta", textDelta("note that.")),
                                        event(
                                                "contentBlockStart",
                                                "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":"
                                                        + "{\"toolUseId\":\"tooluse_1\",\"name\":\"record_contact\"}}}"),
                                        event("contentBlockDelta", inputDelta("{\"email\":\"")),
                                        event("contentBlockDelta", inputDelta(EMAIL + "\"}")),
                                        event("contentBlockStop", "{\"contentBlockIndex\":1}"),
                                        event("messageStop", "{\"stopReason\":\"tool_use\"}"),
                                        event(
                                                "metadata",
                                                "{\"usage\":{\"inputTokens\":100,\"outputTokens\":20}}")))
                        .willSetStateTo("answered tool"));
        wm.stubFor(
                post(urlEqualTo(CONVERSE_STREAM))
                        .inScenario("streamed tool round")
                        .whenScenarioStateIs("answered tool")
                        .willReturn(
                                eventStream(
                                        event("contentBlockDelta", textDelta("Thanks, I passed ")),
                                        event("contentBlockDelta", textDelta("your details on.")),
                                        event("messageStop", "{\"stopReason\":\"end_turn\"}"),
                                        event(
                                                "metadata",
                                                "{\"usage\":{\"inputTokens\":130,\"outputTokens\":15}}"))));
        ChatService chat = chat(new BedrockChatModel(bedrock, "amazon.nova-lite-v1:0"));
        List<String> pieces = new ArrayList<>();

        // When the turn is streamed
        ChatOutcome out = chat.chat(null, MESSAGE, null, pieces::add);

        // Then the reply arrived in several pieces, and what was shown is what is stored
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces))
                .isEqualTo(out.reply().text())
                .isEqualTo("Let me note that.\n\nThanks, I passed your details on.");
        assertThat(out.reply().inputTokens()).isEqualTo(230);
        // the round ran inside the stream: tools offered, then the result sent back
        List<JsonNode> calls = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo(CONVERSE_STREAM)))) {
            calls.add(JSON.readTree(r.getBodyAsString()));
        }
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).at("/toolConfig/tools").findValuesAsText("name"))
                .contains(OwnerDesk.RECORD_CONTACT, OwnerDesk.RECORD_UNKNOWN_QUESTION);
        JsonNode result = calls.get(1).get("messages").findValue("toolResult");
        assertThat(result.get("toolUseId").asText()).isEqualTo("tooluse_1");
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(converseBodies()).as("no buffered Converse call").isEmpty();
        // the lead is recorded and the owner notified
        List<JsonNode> leads = records("leads/");
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("email").asText()).isEqualTo(EMAIL);
        assertThat(publishes()).hasSize(1);
        assertThat(URLDecoder.decode(publishes().get(0).getBodyAsString(), "UTF-8"))
                .contains(EMAIL);
    }

    /** A ConverseStream answer: the frames of a real AWS event stream, in one body. */
    private static ResponseDefinitionBuilder eventStream(byte[]... frames) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            body.write(f);
        }
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/vnd.amazon.eventstream")
                .withBody(body.toByteArray());
    }

    private static byte[] event(String type, String json) throws IOException {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", HeaderValue.fromString("event"));
        h.put(":event-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(h, json.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }

    private static String textDelta(String text) throws IOException {
        return "{\"contentBlockIndex\":0,\"delta\":{\"text\":"
                + JSON.writeValueAsString(text)
                + "}}";
    }

    private static String inputDelta(String fragment) throws IOException {
        return "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                + JSON.writeValueAsString(fragment)
                + "}}}";
    }

    @Test
    void bedrock_badToolCall_isAnsweredAsAToolError_andTheVisitorStillGetsAnAnswer()
            throws Exception {
        bedrockScript(
                bedrockToolUse("{\"email\":\"not an address<script>\"}"),
                bedrockText("Could you check your e-mail address?"));
        ChatService chat = chat(new BedrockChatModel(bedrock, "amazon.nova-lite-v1:0"));

        ChatOutcome out = chat.chat(null, "reach me at not an address please");

        assertThat(out.reply().text()).isEqualTo("Could you check your e-mail address?");
        JsonNode result = converseBodies().get(1).get("messages").findValue("toolResult");
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.at("/content/0/text").asText()).contains("is not an e-mail address");
        assertThat(records("leads/")).isEmpty();
        assertThat(publishes()).isEmpty();
    }

    @Test
    void bedrock_toolRoundWithoutTimeLeft_answersTheFallback_withoutRunningTheTool()
            throws Exception {
        // Given a budget that leaves less than the tools' reserve once the first call returns
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                okJson(bedrockToolUse("{\"email\":\"" + EMAIL + "\"}"))
                                        .withFixedDelay(1200)));
        ChatService chat =
                chat(
                        new BedrockChatModel(
                                bedrock,
                                "amazon.nova-lite-v1:0",
                                512,
                                0.5f,
                                dev.twin.runtime.chat.ToolRound.TOOLS_RESERVE.plusMillis(1000)));

        ChatOutcome out = chat.chat(null, MESSAGE);

        assertThat(out.reply().text()).startsWith("Sorry, I could not note that");
        assertThat(converseBodies()).hasSize(1);
        assertThat(records("leads/")).isEmpty();
    }

    @Test
    void openAi_toolCalls_recordTheLead_andTheSecondCallCarriesTheToolMessage() throws Exception {
        // Given
        String first =
                """
                {"choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"record_contact",
                  "arguments":"{\\"email\\":\\"%s\\",\\"note\\":\\"workshop\\"}"}}]}}],
                 "usage":{"prompt_tokens":90,"completion_tokens":12}}
                """
                        .formatted(EMAIL);
        String second =
                """
                {"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Done, Ana will write to you."}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":9}}
                """;
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .inScenario("openai")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(okJson(first))
                        .willSetStateTo("second"));
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .inScenario("openai")
                        .whenScenarioStateIs("second")
                        .willReturn(okJson(second)));
        ChatService chat =
                chat(
                        new OpenAiChatModel(
                                "http://127.0.0.1:" + wm.port() + "/v1",
                                "gpt-4o-mini",
                                ApiKeySource.none()));

        // When
        ChatOutcome out = chat.chat(null, MESSAGE);

        // Then
        assertThat(out.reply().text()).isEqualTo("Done, Ana will write to you.");
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(sent).hasSize(2);
        JsonNode firstBody = JSON.readTree(sent.get(0).getBodyAsString());
        assertThat(
                        firstBody.get("tools").findValues("function").stream()
                                .map(f -> f.get("name").asText())
                                .toList())
                .containsExactly(OwnerDesk.RECORD_CONTACT, OwnerDesk.RECORD_UNKNOWN_QUESTION);
        assertThat(firstBody.has("tool_choice")).isFalse();
        JsonNode secondBody = JSON.readTree(sent.get(1).getBodyAsString());
        assertThat(secondBody.get("tool_choice").asText()).isEqualTo("none");
        JsonNode msgs = secondBody.get("messages");
        JsonNode tool = msgs.get(msgs.size() - 1);
        assertThat(tool.get("role").asText()).isEqualTo("tool");
        assertThat(tool.get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(tool.get("content").asText()).startsWith("Recorded.");
        assertThat(msgs.get(msgs.size() - 2).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(records("leads/"))
                .singleElement()
                .satisfies(l -> assertThat(l.get("email").asText()).isEqualTo(EMAIL));
        assertThat(publishes()).hasSize(1);
    }

    @Test
    void openAi_streamedTurn_runsTheToolRoundOnTheStream_recordsTheLead_andStreamsPieceByPiece()
            throws Exception {
        // Given a streaming model that says something, asks for record_contact in fragments, then
        // streams its answer after the tool result
        try (StreamingStandIn model = new StreamingStandIn()) {
            model.then(
                            ex -> {
                                OutputStream out = StreamingStandIn.open(ex);
                                StreamingStandIn.event(out, StreamingStandIn.piece("Lovely, "));
                                StreamingStandIn.event(out, StreamingStandIn.piece("noting it."));
                                StreamingStandIn.event(
                                        out,
                                        StreamingStandIn.toolCallStart(
                                                0, "call_1", OwnerDesk.RECORD_CONTACT));
                                StreamingStandIn.event(
                                        out,
                                        StreamingStandIn.toolCallArguments(
                                                new Fragment(0, "{\"email\":\"" + EMAIL)));
                                StreamingStandIn.event(
                                        out,
                                        StreamingStandIn.toolCallArguments(
                                                new Fragment(0, "\",\"note\":\"workshop\"}")));
                                StreamingStandIn.event(out, StreamingStandIn.finish("tool_calls"));
                                StreamingStandIn.event(out, StreamingStandIn.usage(90, 12));
                                StreamingStandIn.event(out, "[DONE]");
                            })
                    .then(
                            ex -> {
                                OutputStream out = StreamingStandIn.open(ex);
                                StreamingStandIn.event(out, StreamingStandIn.piece("Done, "));
                                StreamingStandIn.event(
                                        out, StreamingStandIn.piece("Ana will write to you."));
                                StreamingStandIn.event(out, StreamingStandIn.usage(120, 9));
                                StreamingStandIn.event(out, "[DONE]");
                            });
            ChatService chat =
                    chat(new OpenAiChatModel(model.baseUrl(), "gpt-4o-mini", ApiKeySource.none()));
            List<String> pieces = new ArrayList<>();

            // When the turn is streamed
            ChatOutcome out = chat.chat(null, MESSAGE, null, pieces::add);

            // Then the tool round ran on the stream: the lead is recorded and the owner told, the
            // visitor saw the reply in pieces, and those pieces are the reply that was stored
            assertThat(records("leads/"))
                    .singleElement()
                    .satisfies(l -> assertThat(l.get("email").asText()).isEqualTo(EMAIL));
            assertThat(publishes()).hasSize(1);
            assertThat(pieces).hasSizeGreaterThan(1);
            assertThat(String.join("", pieces))
                    .isEqualTo(out.reply().text())
                    .isEqualTo("Lovely, noting it.\n\nDone, Ana will write to you.");
            assertThat(chat.conversation(out.sessionId()).messages().get(1).content())
                    .isEqualTo(out.reply().text());
            assertThat(out.reply().inputTokens()).isEqualTo(210);
            List<StreamingStandIn.Seen> sent = model.requests();
            assertThat(sent).hasSize(2);
            JsonNode first = JSON.readTree(sent.get(0).body());
            assertThat(first.get("stream").asBoolean()).isTrue();
            assertThat(first.get("tools")).isNotNull();
            JsonNode second = JSON.readTree(sent.get(1).body());
            assertThat(second.get("tool_choice").asText()).isEqualTo("none");
            JsonNode msgs = second.get("messages");
            assertThat(msgs.get(msgs.size() - 1).get("tool_call_id").asText()).isEqualTo("call_1");
            assertThat(msgs.get(msgs.size() - 2).at("/tool_calls/0/function/arguments").asText())
                    .isEqualTo("{\"email\":\"" + EMAIL + "\",\"note\":\"workshop\"}");
        }
    }

    @Test
    void offline_anEmailInTheMessage_recordsALead_andNotifiesTheOwner() throws Exception {
        ChatService chat = chat(offline());

        ChatOutcome out = chat.chat(null, MESSAGE);

        assertThat(out.reply().text()).contains("passed your e-mail address on");
        List<JsonNode> leads = records("leads/");
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).get("email").asText()).isEqualTo(EMAIL);
        assertThat(publishes()).hasSize(1);
    }

    @Test
    void offline_aQuestionThePersonaDoesNotCover_recordsAnUnknownQuestion() throws Exception {
        ChatService chat = chat(offline());

        ChatOutcome out = chat.chat(null, "What is your favourite volcano in Iceland?");

        assertThat(out.reply().text()).contains("noted your question");
        List<JsonNode> unknown = records("unknown/");
        assertThat(unknown).hasSize(1);
        assertThat(unknown.get(0).get("question").asText())
                .isEqualTo("What is your favourite volcano in Iceland?");
        assertThat(unknown.get(0).get("session_id").asText()).isEqualTo(out.sessionId().value());
        assertThat(records("leads/")).isEmpty();
        assertThat(publishes()).hasSize(1);
    }

    @Test
    void failingTopic_isRetriedOnce_loggedAndCounted_andTheTurnStillSucceeds() throws Exception {
        // Given an SNS stand-in that fails every publish
        wm.resetAll();
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(500)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>"
                                                        + "<Message>boom</Message></Error></ErrorResponse>")));
        ChatService chat = chat(offline());

        // When
        ChatOutcome out = chat.chat(null, MESSAGE);

        // Then
        assertThat(out.reply().text()).contains("passed your e-mail address on");
        assertThat(records("leads/")).hasSize(1);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/")))).hasSize(2);
        assertThat(metricLines)
                .singleElement()
                .satisfies(l -> assertThat(l).contains("\"OwnerNotificationFailures\":1"));
    }

    @Test
    void notifications_areBoundedPerHour_recordsAreStillKept() throws Exception {
        OwnerDesk desk =
                new OwnerDesk(
                        new LocalLeadStore(memory),
                        new BoundedOwnerNotifier(
                                new SnsOwnerNotifier(sns, TOPIC, "Ana Quill"),
                                new HourlyLimit(2, Clock.systemUTC()),
                                new OwnerMetrics("Ana Quill", metricLines::add)),
                        Clock.systemUTC());

        for (int i = 0; i < 5; i++) {
            desk.recordContact(SessionId.random(), "hi", "v" + i + "@example.com", null, null);
        }

        assertThat(records("leads/")).hasSize(5);
        assertThat(publishes()).hasSize(2);
        assertThat(metricLines).hasSize(3).allMatch(l -> l.contains("OwnerNotificationsDropped"));
    }

    private static OfflineChatModel offline() {
        return new OfflineChatModel(
                new PersonaSource() {
                    private final Persona p =
                            new Persona(
                                    Map.of(
                                            "me.txt",
                                            "I am Ana Quill, a bridge engineer in Porto."));

                    @Override
                    public Persona current() {
                        return p;
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                },
                "Ana Quill");
    }
}
