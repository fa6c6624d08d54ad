package dev.twin.runtime.adapter.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The API key from Secrets Manager (WireMock speaking its JSON 1.1 protocol on loopback) driving
 * the OpenAI-compatible model (the same WireMock): fetched once, used on every call, never leaked.
 */
class SecretsManagerApiKeySourceTest {

    private static final String ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:twin/api-key-AbCdEf";
    private static final String KEY = "test-key-not-real-0002";
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static WireMockServer wm;
    private static SecretsManagerClient sm;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        sm =
                SecretsManagerApiKeySource.client(
                        URI.create(("http://127.0.0.1:" + wm.port())),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        "local-test-access-key", "local-test-secret")));
    }

    @AfterAll
    static void stop() {
        sm.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(
                                okJson(
                                        """
        {"choices":[{"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":5,"completion_tokens":1}}
        """)));
    }

    private static MappingBuilder getSecretValue() {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"));
    }

    private static String secretResponse(String secretStringJson) {
        return "{\"ARN\":\""
                + ARN
                + "\",\"Name\":\"twin/api-key\",\"SecretString\":"
                + secretStringJson
                + ",\"VersionId\":\"00000000-0000-0000-0000-000000000001\",\"CreatedDate\":1.7640648E9}";
    }

    private static OpenAiChatModel modelWith(ApiKeySource keys) {
        return new OpenAiChatModel(
                OpenAiChatModel.httpClient(),
                ("http://127.0.0.1:" + wm.port()) + "/v1",
                "gpt-4o-mini",
                keys,
                null,
                null,
                Duration.ofSeconds(2));
    }

    private static ModelRequest ask(String q) {
        return new ModelRequest("You are Ana.", List.of(new Message(Role.USER, q, T)));
    }

    @Test
    void plainSecret_isFetchedOnce_andSentAsBearerOnEveryReply() {
        // Given
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(secretResponse("\"" + KEY + "\""))));
        OpenAiChatModel model = modelWith(new SecretsManagerApiKeySource(sm, ARN));

        // When: many turns
        for (int i = 0; i < 10; i++) {
            model.reply(ask("question " + i));
        }

        // Then: one GetSecretValue, with the JSON 1.1 protocol and the ARN; ten completions with
        // the key
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                        .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                        .withRequestBody(equalToJson("{\"SecretId\": \"" + ARN + "\"}")));
        wm.verify(
                10,
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void jsonSecret_withApiKeyField_isUnwrapped() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                secretResponse(
                                                        "\"{\\\"api_key\\\": \\\""
                                                                + KEY
                                                                + "\\\", \\\"note\\\": \\\"rotated\\\"}\""))));

        assertThat(new SecretsManagerApiKeySource(sm, ARN).apiKey()).isEqualTo(KEY);
    }

    @Test
    void jsonSecret_withoutApiKey_isAccessDenied_namingTheArnNotTheValue() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                secretResponse(
                                                        "\"{\\\"token\\\": \\\""
                                                                + KEY
                                                                + "\\\"}\""))));
        OpenAiChatModel model = modelWith(new SecretsManagerApiKeySource(sm, ARN));

        assertThatThrownBy(() -> model.reply(ask("hi")))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED))
                .hasMessageContaining(ARN)
                .hasMessageContaining("api_key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        wm.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    }

    @Test
    void missingSecret_isAccessDenied_andNotCached_soAFixIsPickedUp() {
        // Given: the secret does not exist yet
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        OpenAiChatModel model = modelWith(new SecretsManagerApiKeySource(sm, ARN));
        assertThatThrownBy(() -> model.reply(ask("hi")))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED))
                .hasMessageContaining("twin:set-api-key");

        // When: someone sets it
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(secretResponse("\"" + KEY + "\""))));

        // Then: the next turn works
        assertThat(model.reply(ask("again")).text()).isEqualTo("hello");
    }

    @Test
    void secretsManagerDown_isUnavailable() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(503)
                                        .withBody(
                                                "{\"__type\":\"InternalServiceError\",\"Message\":\"try later\"}")));

        assertThatThrownBy(
                        () -> modelWith(new SecretsManagerApiKeySource(sm, ARN)).reply(ask("hi")))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void emptySecret_saysHowToSetIt() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse().withStatus(200).withBody(secretResponse("\"  \""))));

        assertThatThrownBy(() -> new SecretsManagerApiKeySource(sm, ARN).apiKey())
                .isInstanceOf(ApiKeyUnavailableException.class)
                .hasMessageContaining("empty")
                .hasMessageContaining("twin:set-api-key");
    }

    @Test
    void toString_showsTheArn_neverTheKey() {
        wm.stubFor(
                getSecretValue()
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(secretResponse("\"" + KEY + "\""))));
        SecretsManagerApiKeySource source = new SecretsManagerApiKeySource(sm, ARN);
        source.apiKey();

        assertThat(source.toString()).contains(ARN).doesNotContain(KEY);
    }
}
