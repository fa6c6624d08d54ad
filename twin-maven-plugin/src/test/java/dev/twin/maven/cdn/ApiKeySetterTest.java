package dev.twin.maven.cdn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.TwinLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

class ApiKeySetterTest {

    private static final String SECRET_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:twin-ana-dev-key-AbCdEf";
    // Obviously fake: tests never carry anything that looks like a real key.
    private static final String KEY = "test-key-not-real-0000";

    private WireMockServer secretsApi;
    private SecretsManagerClient secrets;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void start() {
        secretsApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        secretsApi.start();
        secrets =
                new AwsClients(
                                AwsSettings.of(
                                        "eu-west-1",
                                        null,
                                        Map.of(AwsService.SECRETSMANAGER, secretsApi.baseUrl())),
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("test", "test")))
                        .secretsManager();
    }

    @AfterEach
    void stop() {
        secrets.close();
        secretsApi.stop();
    }

    @Test
    void put_sendsPutSecretValue_withTheKey_andNeverLogsIt() {
        // Given
        secretsApi.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"ARN\":\""
                                                        + SECRET_ARN
                                                        + "\",\"Name\":\"twin-ana-dev-key\",\"VersionId\":\"v-2\","
                                                        + "\"VersionStages\":[\"AWSCURRENT\"]}")));

        // When
        String version = new ApiKeySetter(secrets, log()).put(SECRET_ARN, ApiKey.of(KEY, "test"));

        // Then
        assertThat(version).isEqualTo("v-2");
        secretsApi.verify(
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))
                        .withRequestBody(matchingJsonPath("$.SecretId", equalTo(SECRET_ARN)))
                        .withRequestBody(matchingJsonPath("$.SecretString", equalTo(KEY)))
                        .withRequestBody(matchingJsonPath("$.ClientRequestToken")));
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(KEY));
    }

    @Test
    void put_saysDeployFirst_whenTheSecretDoesNotExist() {
        secretsApi.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withBody(
                                                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}")));

        assertThatThrownBy(
                        () ->
                                new ApiKeySetter(secrets, log())
                                        .put(SECRET_ARN, ApiKey.of(KEY, "test")))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining(SECRET_ARN)
                .hasMessageContaining("mvn twin:deploy")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void resolve_prefersTheEnvironment_thenTheProperty_thenThePrompt() {
        SecretPrompt failing =
                q -> {
                    throw new AssertionError("must not prompt");
                };
        assertThat(
                        ApiKey.resolve(
                                        Map.of("TWIN_API_KEY", "from-env"),
                                        "TWIN_API_KEY",
                                        Optional.of("from-prop"),
                                        failing)
                                .reveal())
                .isEqualTo("from-env");
        assertThat(
                        ApiKey.resolve(Map.of(), "TWIN_API_KEY", Optional.of("from-prop"), failing)
                                .reveal())
                .isEqualTo("from-prop");
        assertThat(
                        ApiKey.resolve(
                                        Map.of(),
                                        "TWIN_API_KEY",
                                        Optional.empty(),
                                        q -> Optional.of("typed".toCharArray()))
                                .reveal())
                .isEqualTo("typed");
    }

    @Test
    void resolve_withoutAnySource_saysHowToGiveTheKey() {
        assertThatThrownBy(
                        () ->
                                ApiKey.resolve(
                                        Map.of(),
                                        "TWIN_API_KEY",
                                        Optional.empty(),
                                        SecretPrompt.none()))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessageContaining("TWIN_API_KEY");
    }

    @Test
    void apiKey_rejectsWhitespace_withoutEchoingTheKey() {
        assertThatThrownBy(
                        () -> ApiKey.of("abc def-secretish", "environment variable TWIN_API_KEY"))
                .isInstanceOf(InvalidApiKeyException.class)
                .hasMessageContaining("contains whitespace")
                .hasMessageNotContaining("secretish");
        assertThat(ApiKey.of(KEY, "x").toString()).doesNotContain(KEY);
    }

    private TwinLog log() {
        return new TwinLog() {
            @Override
            public void info(String message) {
                logged.add(message);
            }

            @Override
            public void warn(String message) {
                logged.add(message);
            }

            @Override
            public void debug(String message) {
                logged.add(message);
            }
        };
    }
}
