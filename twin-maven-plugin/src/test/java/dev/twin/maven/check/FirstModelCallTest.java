package dev.twin.maven.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The model's first call with the deployer's credentials, against a Bedrock stand-in (WireMock on
 * loopback), with the sent request asserted.
 */
class FirstModelCallTest {

    private static final String MODEL = "eu.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String CONVERSE =
            "/model/eu.anthropic.claude-3-haiku-20240307-v1%3A0/converse";

    /** Obviously fake keys: the stand-in checks only that the call is signed with them. */
    private static final StaticCredentialsProvider DEPLOYER =
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDDEPLOYERTEST", "not-a-real-secret-key"));

    private WireMockServer bedrock;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void start() {
        bedrock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        bedrock.start();
    }

    @AfterEach
    void stop() {
        bedrock.stop();
    }

    @Test
    void call_asksTheModelOnceWithTheDeployersCredentials_inTheStacksRegion() {
        bedrock.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                okJson(
                                        "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Ready\"}]}},"
                                                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":9,\"outputTokens\":2,\"totalTokens\":11},"
                                                + "\"metrics\":{\"latencyMs\":120}}")));

        assertThat(call()).isTrue();

        bedrock.verify(
                postRequestedFor(urlEqualTo(CONVERSE))
                        .withHeader(
                                "Authorization",
                                matching(
                                        "AWS4-HMAC-SHA256 Credential=AKIDDEPLOYERTEST/\\d{8}/eu-west-1/bedrock/aws4_request.*"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
                                                + ModelCheck.QUESTION
                                                + "\"}]}],\"inferenceConfig\":{\"maxTokens\":8}}")));
        assertThat(logged).anyMatch(l -> l.contains(MODEL + " answered the deployer"));
    }

    @Test
    void call_saysWhoMustSubscribe_whenTheDeployerMayNotSubscribeToAMarketplaceModel() {
        deny(
                "AccessDeniedException",
                "Model access is denied due to IAM user or service role is not authorized to perform the"
                        + " required AWS Marketplace actions (aws-marketplace:ViewSubscriptions,"
                        + " aws-marketplace:Subscribe) to enable access to this model.");

        assertThatThrownBy(this::call)
                .isInstanceOf(ModelAccessDeniedException.class)
                .hasMessageContaining(MODEL)
                .hasMessageContaining("eu-west-1")
                .hasMessageContaining("aws-marketplace:Subscribe")
                .hasMessageContaining("-Dtwin.modelId=")
                .hasMessageContaining("-Dtwin.skipModelCheck");
    }

    @Test
    void call_pointsToTheUseCaseForm_whenAnthropicNeedsIt() {
        deny(
                "AccessDeniedException",
                "Model use case details have not been submitted for this account. Fill out the"
                        + " Anthropic use case details form before using the model.");

        assertThatThrownBy(this::call)
                .isInstanceOf(ModelAccessDeniedException.class)
                .hasMessageContaining("use-case form")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void call_failsWithModelAndRegion_whenTheModelIdIsUnusableThere() {
        deny("ValidationException", "The provided model identifier is invalid.");

        assertThatThrownBy(this::call)
                .isInstanceOf(ModelUnusableException.class)
                .hasMessageContaining("Model " + MODEL + " cannot be used in eu-west-1")
                .hasMessageContaining("The provided model identifier is invalid.")
                .hasMessageContaining("-Dtwin.modelId=");
    }

    @Test
    void call_onlyWarns_whenTheDeployerMayNotInvokeModelsAtAll() {
        deny(
                "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ci is not authorized to perform:"
                        + " bedrock:InvokeModel");

        assertThat(call()).isFalse();
        assertThat(logged).anyMatch(l -> l.contains("checked through its API next"));
    }

    private void deny(String type, String message) {
        bedrock.stubFor(
                post(urlEqualTo(CONVERSE))
                        .willReturn(
                                aResponse()
                                        .withStatus(type.equals("ValidationException") ? 400 : 403)
                                        .withHeader("Content-Type", "application/json")
                                        .withHeader("x-amzn-ErrorType", type)
                                        .withBody("{\"message\":\"" + message + "\"}")));
    }

    /** Through the goal's clients: the deployer's credentials, region and endpoint rules. */
    private boolean call() {
        try (AwsClients clients =
                new AwsClients(
                        AwsSettings.of(
                                "eu-west-1",
                                null,
                                Map.of(AwsService.BEDROCK_RUNTIME, bedrock.baseUrl())),
                        DEPLOYER)) {
            return new FirstModelCall(clients.bedrockRuntime(), TwinLog.into(logged))
                    .call(MODEL, "twin.skipModelCheck");
        }
    }
}
