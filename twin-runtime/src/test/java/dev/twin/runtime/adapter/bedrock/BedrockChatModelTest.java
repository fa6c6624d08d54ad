package dev.twin.runtime.adapter.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The Bedrock Converse adapter against WireMock on loopback: the exact request, and every failure's
 * kind.
 */
class BedrockChatModelTest {

    private static final String MODEL = "amazon.nova-lite-v1:0";
    private static final String CONVERSE = "/model/amazon.nova-lite-v1%3A0/converse";
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static WireMockServer wm;
    private static BedrockRuntimeClient client;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        client =
                BedrockChatModel.client(
                        URI.create(("http://127.0.0.1:" + wm.port())),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "local-test-access-key", "local-test-secret")),
                        Duration.ofSeconds(2));
        // load the SDK's classes once, so no test's first call races the call timeout on a busy
        // machine
        wm.stubFor(post(urlEqualTo(CONVERSE)).willReturn(okJson(answer("warm", "end_turn"))));
        try (BedrockRuntimeClient patient =
                BedrockChatModel.client(
                        URI.create("http://127.0.0.1:" + wm.port()),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "local-test-access-key", "local-test-secret")),
                        Duration.ofSeconds(60))) {
            new BedrockChatModel(patient, MODEL).reply(threeMessages());
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private static ModelRequest threeMessages() {
        return new ModelRequest(
                "You are Ana. Stay in character.",
                List.of(
                        new Message(Role.USER, "Where do you live?", T),
                        new Message(Role.ASSISTANT, "In Porto.", T.plusSeconds(1)),
                        new Message(Role.USER, "What do you do?", T.plusSeconds(2))));
    }

    private static String answer(String text, String stopReason) {
        return """
        {"output":{"message":{"role":"assistant","content":[{"text":%s}]}},
         "stopReason":"%s","usage":{"inputTokens":42,"outputTokens":7,"totalTokens":49},"metrics":{"latencyMs":321}}
        """
                .formatted(text == null ? "\"\"" : "\"" + text + "\"", stopReason);
    }

    @Test
    void reply_sendsPersonaInSystem_windowInOrder_modelIdInPath_signed() {
        // Given
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(okJson(answer("I build bridges.", "end_turn"))));
        BedrockChatModel model = new BedrockChatModel(client, MODEL, 512, 0.5f);

        // When
        ModelReply reply = model.reply(threeMessages());

        // Then
        assertThat(reply).isEqualTo(new ModelReply("I build bridges.", 42, 7));
        wm.verify(
                1,
                postRequestedFor(urlEqualTo(CONVERSE))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withHeader(
                                "Authorization",
                                matching(
                                        "AWS4-HMAC-SHA256 Credential=local-test-access-key/\\d{8}/us-east-1/bedrock/aws4_request, .*"))
                        .withRequestBody(
                                equalToJson(
                                        """
            {"system": [{"text": "You are Ana. Stay in character."}],
             "messages": [
               {"role": "user", "content": [{"text": "Where do you live?"}]},
               {"role": "assistant", "content": [{"text": "In Porto."}]},
               {"role": "user", "content": [{"text": "What do you do?"}]}],
             "inferenceConfig": {"maxTokens": 512, "temperature": 0.5}}
            """,
                                        false,
                                        false)));
    }

    @ParameterizedTest
    @CsvSource({
        "us.anthropic.claude-3-5-haiku-20241022-v1:0, /model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse",
        "eu.amazon.nova-lite-v1:0, /model/eu.amazon.nova-lite-v1%3A0/converse",
        "apac.amazon.nova-micro-v1:0, /model/apac.amazon.nova-micro-v1%3A0/converse",
        "global.anthropic.claude-sonnet-4-20250514-v1:0, /model/global.anthropic.claude-sonnet-4-20250514-v1%3A0/converse",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0,"
                + " /model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-lite-v1%3A0/converse"
    })
    void reply_inferenceProfileIds_goUrlEncodedIntoThePath(String modelId, String path) {
        wm.stubFor(post(urlPathMatching("/model/.*")).willReturn(okJson(answer("ok", "end_turn"))));

        new BedrockChatModel(client, modelId).reply(threeMessages());

        wm.verify(1, postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void reply_blankAnswerInHistory_isLeftOut_soRolesStillAlternate() {
        wm.stubFor(post(urlEqualTo(CONVERSE)).willReturn(okJson(answer("ok", "end_turn"))));
        ModelRequest req =
                new ModelRequest(
                        "sys",
                        List.of(
                                new Message(Role.USER, "first", T),
                                new Message(Role.ASSISTANT, " ", T),
                                new Message(Role.USER, "second", T)));

        new BedrockChatModel(client, MODEL).reply(req);

        wm.verify(
                postRequestedFor(urlEqualTo(CONVERSE))
                        .withRequestBody(
                                equalToJson(
                                        """
        {"messages": [{"role": "user", "content": [{"text": "first\\n\\nsecond"}]}]}
        """,
                                        false,
                                        true)));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "429 | ThrottlingException          | Too many requests, please wait before trying again.                 | THROTTLED",
                "400 | ServiceQuotaExceededException| Your request exceeds the service quota for your account.            | THROTTLED",
                "408 | ModelTimeoutException        | The request took too long to process.                               | TIMEOUT",
                "403 | AccessDeniedException        | You don't have access to the model with the specified model ID.     | ACCESS_DENIED",
                "404 | ResourceNotFoundException    | The provided model identifier is invalid.                           | MODEL_UNUSABLE",
                "400 | ValidationException          | The provided model identifier is invalid.                           | MODEL_UNUSABLE",
                "400 | ValidationException          | Invocation of model ID x with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model. | MODEL_UNUSABLE",
                "400 | ValidationException          | messages: text content blocks must be non-empty                      | INVALID_RESPONSE",
                "503 | ServiceUnavailableException  | Service is temporarily unavailable.                                 | UNAVAILABLE",
                "429 | ModelNotReadyException       | Model is not ready to serve inference requests.                     | UNAVAILABLE",
                "500 | InternalServerException      | Internal server error.                                              | UNAVAILABLE",
                "424 | ModelErrorException          | The model failed to process the request.                            | UNAVAILABLE",
            })
    void reply_bedrockErrors_mapToTheirKind(
            int status, String type, String message, Kind expected) {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(status)
                                        .withHeader("Content-Type", "application/json")
                                        .withHeader(
                                                "x-amzn-ErrorType",
                                                type
                                                        + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                                        .withBody(
                                                "{\"message\":\""
                                                        + message.replace("\"", "\\\"")
                                                        + "\"}")));
        BedrockChatModel model = new BedrockChatModel(client, MODEL);

        assertThatThrownBy(() -> model.reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(expected));
    }

    @Test
    void reply_accessDenied_logDetailSaysHowToEnableTheModel() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                                        .withBody(
                                                "{\"message\":\"You don't have access to the model with the specified model ID.\"}")));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("aws-marketplace:Subscribe")
                .hasMessageContaining("use-case form")
                .hasMessageNotContaining("Model access")
                .hasMessageContaining("inference profile");
    }

    @Test
    void reply_invalidModelId_isUnusable_andTheDetailNamesTheModelRegionAndFix() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("x-amzn-ErrorType", "ValidationException")
                                        .withBody(
                                                "{\"message\":\"The provided model identifier is invalid.\"}")));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind().code()).isEqualTo("model_unusable"))
                .hasMessageContaining(MODEL)
                .hasMessageContaining(" in " + client.serviceClientConfiguration().region().id())
                .hasMessageContaining("TWIN_MODEL_ID");
    }

    @ParameterizedTest
    @CsvSource({"content_filtered", "guardrail_intervened"})
    void reply_filteredOrGuardrailStop_isRefused(String stopReason) {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(okJson(answer("Sorry, the model cannot answer.", stopReason))));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
    }

    @Test
    void reply_noText_isInvalidResponse() {
        wm.stubFor(post(urlEqualTo(CONVERSE)).willReturn(okJson(answer(null, "end_turn"))));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
    }

    @Test
    void reply_garbageBody_isInvalidResponse() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("<html>gateway</html>")));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
    }

    @Test
    void reply_slowerThanTheCallTimeout_isTimeout() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(okJson(answer("late", "end_turn")).withFixedDelay(4_000)));

        assertThatThrownBy(() -> new BedrockChatModel(client, MODEL).reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void reply_nothingListening_isUnavailable() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (BedrockRuntimeClient nowhere =
                BedrockChatModel.client(
                        URI.create("http://127.0.0.1:" + closedPort),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "local-test-access-key", "local-test-secret")),
                        Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> new BedrockChatModel(nowhere, MODEL).reply(threeMessages()))
                    .isInstanceOfSatisfying(
                            ModelException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        }
    }

    @Test
    void describe_namesProviderAndModel() {
        assertThat(new BedrockChatModel(client, " us.amazon.nova-lite-v1:0 ").describe())
                .isEqualTo("bedrock us.amazon.nova-lite-v1:0");
    }

    @Test
    void modelId_blankOrMalformed_failsAtStartupWithAnExample() {
        assertThatThrownBy(() -> new BedrockChatModel(client, " "))
                .hasMessageContaining("TWIN_MODEL_ID")
                .hasMessageContaining("amazon.nova-lite-v1:0");
        assertThatThrownBy(() -> new BedrockChatModel(client, "nova lite?"))
                .hasMessageContaining("TWIN_MODEL_ID=nova lite?");
    }
}
