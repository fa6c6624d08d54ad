package dev.twin.runtime.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.twin.runtime.adapter.bedrock.BedrockChatModel;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.openai.ApiKeySource;
import dev.twin.runtime.adapter.openai.OpenAiChatModel;
import dev.twin.runtime.adapter.openai.SecretsManagerApiKeySource;
import dev.twin.runtime.faults.Api.Answer;
import dev.twin.runtime.port.ChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Model-side faults on cue, through the real route table: Bedrock Converse and an OpenAI-compatible
 * endpoint answering 429, timing out, sending truncated JSON or no text, cutting the connection;
 * Secrets Manager (the OpenAI key) unavailable. Asserted: the status, error code and Retry-After
 * the visitor gets, how many requests each stand-in received (the retry bound), one log line per
 * retry, and that a failed turn stores nothing while a recovered one stores exactly one turn.
 */
class ModelFaultsTest {

    private static final String MODEL = "amazon.nova-lite-v1:0";
    private static final String CONVERSE = "/model/amazon.nova-lite-v1%3A0/converse";
    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final String ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:twin/api-key-AbCdEf";

    /** Deliberately not shaped like a real key. */
    private static final String KEY = "test-key-not-real-0003";

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("local-test-access-key", "local-test-secret"));

    /** The model call's whole budget in these tests (16 s in production). */
    private static final Duration MODEL_BUDGET = Duration.ofMillis(3000);

    private static WireMockServer wm;
    private static BedrockRuntimeClient bedrock;
    private static SecretsManagerClient secrets;

    private InMemoryConversationStore store;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        URI endpoint = URI.create(wm.baseUrl());
        // the first call of each client loads the SDK's classes: make it here, without a hurry
        wm.stubFor(post(urlEqualTo(CONVERSE)).willReturn(okJson(converse("warm"))));
        wm.stubFor(getSecretValue().willReturn(secretValue()));
        try (BedrockRuntimeClient patient =
                        BedrockChatModel.client(endpoint, CREDENTIALS, Duration.ofSeconds(60));
                SecretsManagerClient patientSm =
                        SecretsManagerApiKeySource.client(
                                endpoint, CREDENTIALS, Duration.ofSeconds(30))) {
            new Api(new BedrockChatModel(patient, MODEL), new InMemoryConversationStore())
                    .chat(null, "warm up");
            patientSm.getSecretValue(b -> b.secretId(ARN));
        }
        bedrock = BedrockChatModel.client(endpoint, CREDENTIALS, MODEL_BUDGET);
        secrets = SecretsManagerApiKeySource.client(endpoint, CREDENTIALS, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        bedrock.close();
        secrets.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        store = new InMemoryConversationStore();
    }

    // --- Bedrock ---

    @Test
    void bedrockThrottled_answers429_afterBoundedLoggedRetries() {
        wm.stubFor(post(urlEqualTo(CONVERSE)).willReturn(bedrockError(429, "ThrottlingException")));

        try (LogLines log = LogLines.capture()) {
            String id = UUID.randomUUID().toString();
            Answer a = bedrockApi().chat(id, "hi");

            assertThat(a.status()).isEqualTo(429);
            assertThat(a.errorCode()).isEqualTo("model_throttled");
            assertThat(a.headers()).containsEntry("retry-after", "2");
            wm.verify(BedrockChatModel.MAX_ATTEMPTS, postRequestedFor(urlEqualTo(CONVERSE)));
            assertThat(log.retries())
                    .containsExactly("BedrockRuntime Converse 2/2 429 ThrottlingException");
            assertThat(bedrockApi().conversation(id).status()).as("nothing stored").isEqualTo(404);
        }
    }

    @Test
    void bedrockThrottledOnce_isRetried_andTheTurnIsStoredOnce() {
        once(
                () -> post(urlEqualTo(CONVERSE)),
                bedrockError(429, "ThrottlingException"),
                okJson(converse("Porto.")));

        try (LogLines log = LogLines.capture()) {
            Answer a = bedrockApi().chat(null, "Where do you live?");

            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().path("response").asText()).isEqualTo("Porto.");
            wm.verify(2, postRequestedFor(urlEqualTo(CONVERSE)));
            assertThat(log.retries())
                    .containsExactly("BedrockRuntime Converse 2/2 429 ThrottlingException");
            assertThat(messages(bedrockApi(), a.sessionId())).isEqualTo(2);
        }
    }

    @Test
    void bedrockResetOnce_isRetried_andTheTurnIsStoredOnce() {
        once(
                () -> post(urlEqualTo(CONVERSE)),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                okJson(converse("Porto.")));

        try (LogLines log = LogLines.capture()) {
            Answer a = bedrockApi().chat(null, "Where do you live?");

            assertThat(a.status()).isEqualTo(200);
            wm.verify(2, postRequestedFor(urlEqualTo(CONVERSE)));
            assertThat(log.retries())
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("BedrockRuntime Converse 2/2 ");
            assertThat(messages(bedrockApi(), a.sessionId())).isEqualTo(2);
        }
    }

    @Test
    void bedrockSlowerThanTheCallTimeout_answers504_withinTheBudget() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                okJson(converse("late"))
                                        .withFixedDelay((int) MODEL_BUDGET.toMillis() + 3_000)));

        long start = System.nanoTime();
        Answer a = bedrockApi().chat(null, "hi");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(a.status()).isEqualTo(504);
        assertThat(a.errorCode()).isEqualTo("model_timeout");
        assertThat(ms).isLessThan(MODEL_BUDGET.toMillis() + 1_500);
        // the call timeout covers every attempt: the one slow attempt used it all
        wm.verify(1, postRequestedFor(urlEqualTo(CONVERSE)));
        assertThat(store.describe()).isNotBlank();
    }

    @Test
    void bedrockTruncatedJson_answers502_afterBoundedRetries() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody("{\"output\":{\"message\":{\"role\":\"assis")));

        try (LogLines log = LogLines.capture()) {
            Answer a = bedrockApi().chat(null, "hi");

            assertThat(a.status()).isEqualTo(502);
            assertThat(a.errorCode()).isEqualTo("model_invalid_response");
            // the SDK treats a body it cannot parse as a transient I/O failure: one retry, no more
            wm.verify(BedrockChatModel.MAX_ATTEMPTS, postRequestedFor(urlEqualTo(CONVERSE)));
            assertThat(log.retries()).hasSize(1);
        }
    }

    @Test
    void bedrockEmptyAnswer_answers502_withoutRetry() {
        wm.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                okJson(
                                        """
        {"output":{"message":{"role":"assistant","content":[]}},"stopReason":"end_turn",
         "usage":{"inputTokens":5,"outputTokens":0,"totalTokens":5},"metrics":{"latencyMs":3}}
        """)));

        try (LogLines log = LogLines.capture()) {
            Answer a = bedrockApi().chat(null, "hi");

            assertThat(a.status()).isEqualTo(502);
            assertThat(a.errorCode()).isEqualTo("model_invalid_response");
            wm.verify(1, postRequestedFor(urlEqualTo(CONVERSE)));
            assertThat(log.retries()).isEmpty();
        }
    }

    // --- OpenAI-compatible ---

    @Test
    void openAiThrottled_answers429_afterOneLoggedRetry() {
        wm.stubFor(
                post(urlEqualTo(COMPLETIONS))
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Retry-After", "0")
                                        .withBody(
                                                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")));

        try (LogLines log = LogLines.capture()) {
            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "hi");

            assertThat(a.status()).isEqualTo(429);
            assertThat(a.errorCode()).isEqualTo("model_throttled");
            assertThat(a.headers()).containsEntry("retry-after", "2");
            wm.verify(OpenAiChatModel.MAX_ATTEMPTS, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries()).containsExactly("openai-compatible ChatCompletions 2/2 429");
            assertThat(log.text()).doesNotContain(KEY);
        }
    }

    @Test
    void openAiThrottled_withALongRetryAfter_answers429_atOnce_leavingTheWaitToTheVisitor() {
        wm.stubFor(
                post(urlEqualTo(COMPLETIONS))
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Retry-After", "20")
                                        .withBody(
                                                "{\"error\":{\"message\":\"Rate limit reached\"}}")));

        try (LogLines log = LogLines.capture()) {
            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "hi");

            assertThat(a.status()).isEqualTo(429);
            wm.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries()).isEmpty();
        }
    }

    @Test
    void openAiUnavailableOnce_isRetried_andTheTurnIsStoredOnce() {
        once(
                () -> post(urlEqualTo(COMPLETIONS)),
                aResponse().withStatus(503).withBody("{\"error\":{\"message\":\"overloaded\"}}"),
                okJson(completion("Porto.")));

        try (LogLines log = LogLines.capture()) {
            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "Where do you live?");

            assertThat(a.status()).isEqualTo(200);
            wm.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries()).containsExactly("openai-compatible ChatCompletions 2/2 503");
            assertThat(messages(openAiApi(ApiKeySource.fixed(KEY)), a.sessionId())).isEqualTo(2);
        }
    }

    @Test
    void openAiResetOnce_isRetried_andTheTurnIsStoredOnce() {
        once(
                () -> post(urlEqualTo(COMPLETIONS)),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                okJson(completion("Porto.")));

        try (LogLines log = LogLines.capture()) {
            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "Where do you live?");

            assertThat(a.status()).isEqualTo(200);
            wm.verify(2, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries())
                    .hasSize(1)
                    .first()
                    .asString()
                    .startsWith("openai-compatible ChatCompletions 2/2 ");
            assertThat(messages(openAiApi(ApiKeySource.fixed(KEY)), a.sessionId())).isEqualTo(2);
        }
    }

    @Test
    void openAiSlowerThanTheBudget_answers504_withoutRetry() {
        wm.stubFor(
                post(urlEqualTo(COMPLETIONS))
                        .willReturn(
                                okJson(completion("late"))
                                        .withFixedDelay((int) MODEL_BUDGET.toMillis() + 3_000)));

        try (LogLines log = LogLines.capture()) {
            long start = System.nanoTime();
            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "hi");
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(a.status()).isEqualTo(504);
            assertThat(a.errorCode()).isEqualTo("model_timeout");
            assertThat(ms).isLessThan(MODEL_BUDGET.toMillis() + 1_500);
            wm.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries()).isEmpty();
        }
    }

    @Test
    void openAiTruncatedJson_orEmptyAnswer_answers502_withoutRetry() {
        for (String body :
                new String[] {"{\"choices\":[{\"message\":{\"role\":\"assis", completion("")}) {
            wm.resetRequests();
            wm.stubFor(
                    post(urlEqualTo(COMPLETIONS))
                            .willReturn(
                                    aResponse()
                                            .withStatus(200)
                                            .withHeader("Content-Type", "application/json")
                                            .withBody(body)));

            Answer a = openAiApi(ApiKeySource.fixed(KEY)).chat(null, "hi");

            assertThat(a.status()).as(body).isEqualTo(502);
            assertThat(a.errorCode()).isEqualTo("model_invalid_response");
            wm.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
        }
    }

    // --- Secrets Manager (the OpenAI key) ---

    @Test
    void secretsManagerUnavailable_answers503_afterBoundedLoggedRetries_withoutCallingTheModel() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(503)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"__type\":\"ServiceUnavailable\",\"Message\":\"try later\"}")));

        try (LogLines log = LogLines.capture()) {
            String id = UUID.randomUUID().toString();
            Api api = openAiApi(new SecretsManagerApiKeySource(secrets, ARN));
            Answer a = api.chat(id, "hi");

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.errorCode()).isEqualTo("model_unavailable");
            assertThat(a.headers()).containsEntry("retry-after", "2");
            wm.verify(SecretsManagerApiKeySource.MAX_ATTEMPTS, secretRequests());
            wm.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
            assertThat(log.retries())
                    .containsExactly("SecretsManager GetSecretValue 2/2 503 ServiceUnavailable");
            assertThat(api.conversation(id).status()).isEqualTo(404);
        }
    }

    @Test
    void secretsManagerUnavailableOnce_isRetried_thenTheKeyIsKeptForLaterTurns() {
        once(
                ModelFaultsTest::getSecretValue,
                aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"InternalServiceError\",\"Message\":\"oops\"}"),
                secretValue());
        wm.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson(completion("Porto."))));
        Api api = openAiApi(new SecretsManagerApiKeySource(secrets, ARN));

        try (LogLines log = LogLines.capture()) {
            Answer first = api.chat(null, "Where do you live?");
            Answer second = api.chat(first.sessionId(), "And before?");

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            wm.verify(2, secretRequests());
            wm.verify(
                    2,
                    postRequestedFor(urlEqualTo(COMPLETIONS))
                            .withHeader("Authorization", equalTo("Bearer " + KEY)));
            assertThat(log.retries())
                    .containsExactly("SecretsManager GetSecretValue 2/2 500 InternalServiceError");
            assertThat(log.text()).doesNotContain(KEY);
            assertThat(messages(api, first.sessionId())).isEqualTo(4);
        }
    }

    // --- fixtures ---

    private Api bedrockApi() {
        return new Api(new BedrockChatModel(bedrock, MODEL), store);
    }

    private Api openAiApi(ApiKeySource keys) {
        ChatModel model =
                new OpenAiChatModel(
                        OpenAiChatModel.httpClient(),
                        wm.baseUrl() + "/v1",
                        "gpt-4o-mini",
                        keys,
                        null,
                        null,
                        MODEL_BUDGET);
        return new Api(model, store);
    }

    private static int messages(Api api, String sessionId) {
        Answer c = api.conversation(sessionId);
        assertThat(c.status()).isEqualTo(200);
        return c.body().path("messages").size();
    }

    /** The first request gets {@code first}, every later one {@code then}. */
    private static void once(
            Supplier<MappingBuilder> request,
            ResponseDefinitionBuilder first,
            ResponseDefinitionBuilder then) {
        wm.stubFor(
                request.get()
                        .inScenario("once")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(first)
                        .willSetStateTo("after"));
        wm.stubFor(request.get().inScenario("once").whenScenarioStateIs("after").willReturn(then));
    }

    private static ResponseDefinitionBuilder bedrockError(int status, String type) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader(
                        "x-amzn-ErrorType",
                        type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
                .withBody("{\"message\":\"injected " + type + "\"}");
    }

    private static String converse(String text) {
        return """
        {"output":{"message":{"role":"assistant","content":[{"text":"%s"}]}},"stopReason":"end_turn",
         "usage":{"inputTokens":42,"outputTokens":7,"totalTokens":49},"metrics":{"latencyMs":321}}
        """
                .formatted(text);
    }

    private static String completion(String text) {
        return """
        {"choices":[{"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":42,"completion_tokens":7}}
        """
                .formatted(text);
    }

    private static MappingBuilder getSecretValue() {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
    }

    private static RequestPatternBuilder secretRequests() {
        return postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
    }

    private static ResponseDefinitionBuilder secretValue() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(
                        "{\"ARN\":\""
                                + ARN
                                + "\",\"Name\":\"twin/api-key\",\"SecretString\":\""
                                + KEY
                                + "\",\"VersionId\":\"00000000-0000-0000-0000-000000000001\",\"CreatedDate\":1.7640648E9}");
    }
}
