package dev.twin.maven.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.maven.core.TwinLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The post-deploy model check against a stand-in of the deployed chat API (WireMock on loopback).
 */
class ModelCheckTest {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    private WireMockServer api;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void start() {
        api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void check_failsWithWhatToDo_whenBedrockDeniesTheModel() {
        // Given the API answers as twin-runtime does when Bedrock model access is not enabled
        api.stubFor(
                post(urlEqualTo("/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(502)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"code\":\"model_access_denied\",\"message\":\"the twin is not allowed to use its model\"}}")));

        // Then
        assertThatThrownBy(() -> check("bedrock", MODEL))
                .isInstanceOf(ModelAccessDeniedException.class)
                .hasMessageContaining(MODEL)
                .hasMessageContaining("aws-marketplace:Subscribe")
                .hasMessageContaining("use-case form")
                .hasMessageNotContaining("Model access")
                .hasMessageContaining("-Dtwin.modelId=")
                .hasMessageContaining("-Dtwin.skipModelCheck");
        api.verify(
                postRequestedFor(urlEqualTo("/chat"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(
                                equalToJson("{\"message\":\"" + ModelCheck.QUESTION + "\"}")));
    }

    @Test
    void check_failsWithTheFix_whenTheTwinSaysItsModelIsUnusable() {
        // Given the API answers as twin-runtime does when Bedrock refuses the model id itself
        api.stubFor(
                post(urlEqualTo("/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(502)
                                        .withBody(
                                                "{\"error\":{\"code\":\"model_unusable\",\"message\":\"the twin's model is not available where the twin runs\"}}")));

        assertThatThrownBy(() -> check("bedrock", MODEL))
                .isInstanceOf(ModelUnusableException.class)
                .hasMessageContaining(MODEL)
                .hasMessageContaining("-Dtwin.modelId=")
                .hasMessageContaining("-Dtwin.skipModelCheck");
    }

    @Test
    void check_pointsToSetApiKey_whenAnOpenAiKeyIsRefused() {
        api.stubFor(
                post(urlEqualTo("/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(502)
                                        .withBody(
                                                "{\"error\":{\"code\":\"model_access_denied\",\"message\":\"x\"}}")));

        assertThatThrownBy(() -> check("openai", "gpt-4o-mini"))
                .isInstanceOf(ModelAccessDeniedException.class)
                .hasMessageContaining("twin:set-api-key");
    }

    @Test
    void check_passes_whenTheTwinAnswers() {
        api.stubFor(
                post(urlEqualTo("/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"response\":\"Hello\",\"session_id\":\"6a1f0c9e-2a52-4b1c-9f51-7d0b3c1c2a11\"}")));

        assertThat(check("bedrock", MODEL)).isTrue();
        assertThat(logged).anyMatch(l -> l.startsWith("Model check: the deployed twin answered"));
    }

    @Test
    void check_onlyWarns_whenTheModelIsBusyOrSlow() {
        // Given a transient failure: the stack is fine, the model is not answering right now
        api.stubFor(
                post(urlEqualTo("/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withBody(
                                                "{\"error\":{\"code\":\"model_throttled\",\"message\":\"busy\"}}")));

        assertThat(check("bedrock", MODEL)).isFalse();
        assertThat(logged).anyMatch(l -> l.contains("429 model_throttled"));
    }

    @Test
    void check_onlyWarns_whenTheApiCannotBeReached() {
        int port = api.port();
        api.stop();

        boolean answered =
                new ModelCheck(TwinLog.into(logged), Duration.ofSeconds(5))
                        .check(
                                URI.create("http://127.0.0.1:" + port + "/"),
                                "bedrock",
                                MODEL,
                                "twin.skipModelCheck");

        assertThat(answered).isFalse();
        assertThat(logged).anyMatch(l -> l.contains("cannot reach"));
    }

    private boolean check(String provider, String modelId) {
        // The ApiEndpoint output ends with a slash; the check must not double it.
        return new ModelCheck(TwinLog.into(logged), Duration.ofSeconds(5))
                .check(URI.create(api.baseUrl() + "/"), provider, modelId, "twin.skipModelCheck");
    }
}
