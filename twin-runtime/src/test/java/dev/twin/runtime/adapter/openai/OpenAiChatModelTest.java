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
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The OpenAI-compatible adapter against WireMock on loopback: exact request, every failure's kind,
 * no key leaks.
 */
class OpenAiChatModelTest {

    /** Deliberately not shaped like a real key. */
    private static final String KEY = "test-key-not-real-0001";

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static WireMockServer wm;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    private static OpenAiChatModel model(String basePath, ApiKeySource keys) {
        return new OpenAiChatModel(
                OpenAiChatModel.httpClient(),
                ("http://127.0.0.1:" + wm.port()) + basePath,
                "gpt-4o-mini",
                keys,
                null,
                null,
                Duration.ofSeconds(2));
    }

    private static OpenAiChatModel model() {
        return model("/v1", ApiKeySource.fixed(KEY));
    }

    private static ModelRequest threeMessages() {
        return new ModelRequest(
                "You are Ana. Stay in character.",
                List.of(
                        new Message(Role.USER, "Where do you live?", T),
                        new Message(Role.ASSISTANT, "In Porto.", T.plusSeconds(1)),
                        new Message(Role.USER, "What do you do?", T.plusSeconds(2))));
    }

    private static String completion(String contentJson, String finish) {
        return """
        {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"%s"}],
         "usage":{"prompt_tokens":31,"completion_tokens":9,"total_tokens":40}}
        """
                .formatted(contentJson, finish);
    }

    @Test
    void reply_sendsSystemFirst_thenTheWindowInOrder_withBearerKey() {
        // Given
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(okJson(completion("\"I build bridges.\"", "stop"))));

        // When
        ModelReply reply = model().reply(threeMessages());

        // Then
        assertThat(reply).isEqualTo(new ModelReply("I build bridges.", 31, 9));
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(
                                equalToJson(
                                        """
            {"model": "gpt-4o-mini",
             "messages": [
               {"role": "system", "content": "You are Ana. Stay in character."},
               {"role": "user", "content": "Where do you live?"},
               {"role": "assistant", "content": "In Porto."},
               {"role": "user", "content": "What do you do?"}]}
            """,
                                        false,
                                        false)));
    }

    @Test
    void reply_withLimits_sendsMaxTokensAndTemperature() {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(okJson(completion("\"ok\"", "stop"))));
        OpenAiChatModel limited =
                new OpenAiChatModel(
                        OpenAiChatModel.httpClient(),
                        ("http://127.0.0.1:" + wm.port()) + "/v1",
                        "gpt-4o-mini",
                        ApiKeySource.fixed(KEY),
                        256,
                        0.3,
                        Duration.ofSeconds(2));

        limited.reply(threeMessages());

        wm.verify(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"max_tokens\": 256, \"temperature\": 0.3}",
                                        false,
                                        true)));
    }

    @Test
    void reply_ollamaStyleBaseUrl_withoutKey_sendsNoAuthorization() {
        // Given: like http://127.0.0.1:11434/v1 with no key configured
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(okJson(completion("\"hi\"", "stop"))));

        // When
        model("/v1/", ApiKeySource.none()).reply(threeMessages());

        // Then
        wm.verify(
                postRequestedFor(urlEqualTo("/v1/chat/completions"))
                        .withoutHeader("Authorization"));
    }

    @Test
    void reply_openRouterStyleBaseUrl_postsUnderItsPath() {
        wm.stubFor(
                post(urlEqualTo("/api/v1/chat/completions"))
                        .willReturn(okJson(completion("\"hi\"", "stop"))));

        model("/api/v1", ApiKeySource.fixed(KEY)).reply(threeMessages());

        wm.verify(1, postRequestedFor(urlEqualTo("/api/v1/chat/completions")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "429 | {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}      | THROTTLED",
                "429 | {\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}} | ACCESS_DENIED",
                "401 | {\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}} | ACCESS_DENIED",
                "403 | {\"error\":{\"message\":\"Country, region, or territory not supported\"}}                                          | ACCESS_DENIED",
                "404 | {\"error\":\"model 'llama9' not found, try pulling it first\"}                                                    | ACCESS_DENIED",
                "400 | {\"error\":{\"message\":\"The response was filtered due to the prompt triggering content management policy.\",\"code\":\"content_filter\"}} | REFUSED",
                "400 | {\"error\":{\"message\":\"Invalid value for 'messages'\",\"type\":\"invalid_request_error\"}}                     | INVALID_RESPONSE",
                "500 | {\"error\":{\"message\":\"The server had an error\"}}                                                             | UNAVAILABLE",
                "502 | <html>Bad gateway</html>                                                                                          | UNAVAILABLE",
                "503 | {\"error\":{\"message\":\"The engine is currently overloaded\"}}                                                   | UNAVAILABLE",
                "504 | <html>Gateway timeout</html>                                                                                      | TIMEOUT",
            })
    void reply_errorStatuses_mapToTheirKind(int status, String body, Kind expected) {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(aResponse().withStatus(status).withBody(body)));

        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not json        | <html>oops</html>",
                "empty body      | ''",
                "no choices      | {\"choices\":[]}",
                "null content    | {\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"stop\"}]}",
                "blank content   | {\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"  \"},\"finish_reason\":\"stop\"}]}",
                "truncated JSON  | {\"choices\":[{\"message\":",
            })
    void reply_unusableOkBody_isInvalidResponse(String why, String body) {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(body)));

        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_RESPONSE));
    }

    @Test
    void reply_contentFilterFinish_orRefusal_isRefused() {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(okJson(completion("null", "content_filter"))));
        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));

        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(
                                okJson(
                                        """
        {"choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}
        """)));
        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REFUSED));
    }

    @Test
    void reply_withoutUsage_reportsUnknownTokens() {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(
                                okJson(
                                        """
        {"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}
        """)));

        assertThat(model().reply(threeMessages())).isEqualTo(new ModelReply("hi", -1, -1));
    }

    @Test
    void reply_slowerThanTheTimeout_isTimeout() {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(okJson(completion("\"late\"", "stop")).withFixedDelay(4_000)));

        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void reply_nothingListening_isUnavailable() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        OpenAiChatModel nowhere =
                new OpenAiChatModel(
                        "http://127.0.0.1:" + closedPort + "/v1", "llama3.2", ApiKeySource.none());

        assertThatThrownBy(() -> nowhere.reply(threeMessages()))
                .isInstanceOfSatisfying(
                        ModelException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    }

    @Test
    void reply_providerQuotingTheKey_neverPutsItInTheError() {
        wm.stubFor(
                post(urlEqualTo("/v1/chat/completions"))
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withBody(
                                                "{\"error\":{\"message\":\"Incorrect API key provided: "
                                                        + KEY
                                                        + ". Also sk-abc***wxyz is wrong.\"}}")));

        assertThatThrownBy(() -> model().reply(threeMessages()))
                .isInstanceOf(ModelException.class)
                .satisfies(
                        e ->
                                assertThat(e.getMessage())
                                        .doesNotContain(KEY)
                                        .doesNotContain("sk-abc")
                                        .contains("[redacted]"))
                .hasMessageContaining("TWIN_API_KEY_SECRET_ARN");
    }

    @Test
    void keySourceAndModel_toString_neverShowTheKey() {
        assertThat(ApiKeySource.fixed(KEY).toString()).doesNotContain(KEY);
        assertThat(model().toString()).doesNotContain(KEY);
        assertThat(model().describe())
                .isEqualTo("openai-compatible gpt-4o-mini at http://127.0.0.1:" + wm.port())
                .doesNotContain(KEY);
    }

    @ParameterizedTest
    @CsvSource({
        "ftp://example.com/v1",
        "not a url",
        "http:///v1",
        "https://user:pw@example.com/v1"
    })
    void baseUrl_invalid_failsNamingTheValueAndAnExample(String bad) {
        assertThatThrownBy(() -> new OpenAiChatModel(bad, "gpt-4o-mini", ApiKeySource.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TWIN_OPENAI_BASE_URL=" + bad)
                .hasMessageContaining("http://127.0.0.1:11434/v1");
    }

    @Test
    void baseUrl_defaultsToOpenAi_andAcceptsTheFullCompletionsUrl() {
        assertThat(OpenAiChatModel.completionsUri(null).toString())
                .isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(
                        OpenAiChatModel.completionsUri(
                                        "http://127.0.0.1:11434/v1/chat/completions/")
                                .toString())
                .isEqualTo("http://127.0.0.1:11434/v1/chat/completions");
        assertThat(OpenAiChatModel.isLoopback("http://127.0.0.1:11434/v1")).isTrue();
        assertThat(OpenAiChatModel.isLoopback("https://openrouter.ai/api/v1")).isFalse();
    }
}
