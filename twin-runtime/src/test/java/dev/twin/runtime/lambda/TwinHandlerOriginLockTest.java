package dev.twin.runtime.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.openai.SecretsManagerApiKeySource;
import dev.twin.runtime.adapter.secrets.SecretsManagerOriginSecret;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.http.OriginLock;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The origin lock on the Lambda front, its secret read from Secrets Manager (WireMock speaking its
 * JSON protocol on loopback): only requests carrying CloudFront's header reach the routes; a
 * rotation is accepted without an error.
 */
class TwinHandlerOriginLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN =
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:twin/origin-AbCdEf";
    // obviously fake values, long enough for the lock
    private static final String OLD = "test-origin-value-old-0001";
    private static final String NEW = "test-origin-value-new-0002";

    private static WireMockServer wm;
    private static SecretsManagerClient sm;

    private final ScriptedModel model = new ScriptedModel();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();
    private OriginLock lock;
    private TwinHandler handler;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        sm =
                SecretsManagerApiKeySource.client(
                        URI.create("http://127.0.0.1:" + wm.port()),
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
    void setUp() {
        wm.resetAll();
        secretHolds("{\"current\":\"" + OLD + "\",\"previous\":\"\"}");
        PersonaSource persona =
                new PersonaSource() {
                    @Override
                    public Persona current() {
                        return new Persona(Map.of("me.txt", "I am Ana."));
                    }

                    @Override
                    public String describe() {
                        return "fixed";
                    }
                };
        ChatService chat =
                new ChatService(
                        model,
                        new InMemoryConversationStore(),
                        persona,
                        ChatSettings.defaults("Ana"),
                        clock);
        lock = OriginLock.of(new SecretsManagerOriginSecret(sm, ARN), clock);
        assertThat(lock.load()).isTrue();
        handler =
                new TwinHandler(
                        new Routes(
                                chat,
                                new Telemetry("Ana", logLines::add),
                                ChatRateLimit.of(1, 1, 0, 1, 1000, clock)),
                        null,
                        lock);
    }

    private static void secretHolds(String secretString) {
        wm.stubFor(
                post(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                        .willReturn(
                                okJson(
                                        "{\"ARN\":\""
                                                + ARN
                                                + "\",\"Name\":\"twin/origin\",\"SecretString\":"
                                                + JSON.valueToTree(secretString)
                                                + ",\"VersionId\":\"00000000-0000-0000-0000-000000000001\"}")));
    }

    private static String event(String originValue, String viewerAddress) throws Exception {
        ObjectNode e;
        try (InputStream in =
                TwinHandlerOriginLockTest.class.getResourceAsStream(
                        "/events/post-chat-base64.json")) {
            e = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode headers = (ObjectNode) e.get("headers");
        if (originValue != null) {
            headers.put(OriginLock.HEADER, originValue);
        }
        if (viewerAddress != null) {
            headers.put("cloudfront-viewer-address", viewerAddress);
        }
        ((ObjectNode) e.at("/requestContext/http")).put("sourceIp", "203.0.113.5");
        return JSON.writeValueAsString(e);
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes()), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static String code(JsonNode r) throws Exception {
        return JSON.readTree(r.get("body").asText()).at("/error/code").asText();
    }

    @Test
    void afterRestore_readsTheSecretAgain_soARotationWhileTheSnapshotWaitedIsHonoured()
            throws Exception {
        // Given the priming read the secret and forgot it before the snapshot was taken
        lock.reload();
        lock.forget();
        // and the secret was rotated while the snapshot waited
        secretHolds("{\"current\":\"" + NEW + "\",\"previous\":\"" + OLD + "\"}");
        wm.resetRequests();

        // When the environment is restored
        handler.afterRestore(null);

        // Then the secret was read once, and CloudFront's new value passes without another read
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
        assertThat(invoke(event(NEW, "198.51.100.10:40001")).get("statusCode").asInt())
                .isEqualTo(200);
        assertThat(invoke(event(OLD, "198.51.100.11:40002")).get("statusCode").asInt())
                .isEqualTo(200);
        wm.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
    }

    @Test
    void withoutTheHeader_403_jsonError_requestId_counted_andNoModelCall() throws Exception {
        JsonNode r = invoke(event(null, null));

        assertThat(r.get("statusCode").asInt()).isEqualTo(403);
        assertThat(code(r)).isEqualTo("origin_refused");
        assertThat(r.at("/headers/x-request-id").asText()).isNotBlank();
        assertThat(model.requests()).isEmpty();
        assertThat(logLines).hasSize(1);
        assertThat(logLines.get(0))
                .contains("\"OriginRefused\":1")
                .contains("\"ErrorCode\":\"origin_refused\"")
                .doesNotContain(OLD);
    }

    @Test
    void aWrongValue_isRefused_andNeverEchoed() throws Exception {
        JsonNode r = invoke(event("test-origin-value-guess-9999", null));

        assertThat(r.get("statusCode").asInt()).isEqualTo(403);
        assertThat(r.toString()).doesNotContain(OLD).doesNotContain("guess");
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void theRefusal_comesBeforeTheBodyIsRead() throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(event(null, null));
        e.put("body", "%%% not base64 %%%");

        JsonNode r = invoke(JSON.writeValueAsString(e));

        assertThat(r.get("statusCode").asInt()).isEqualTo(403); // not 400 invalid_json
    }

    @Test
    void withTheHeader_theTurnIsAnswered() throws Exception {
        JsonNode r = invoke(event(OLD, "198.51.100.10:40001"));

        assertThat(r.get("statusCode").asInt()).isEqualTo(200);
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void aForgedViewerAddress_withoutTheHeader_buysNothing() throws Exception {
        // Given a direct caller rotating CloudFront-Viewer-Address to dodge the per-address limit
        for (int i = 0; i < 5; i++) {
            JsonNode r = invoke(event(null, "198.51.100." + (10 + i) + ":4000" + i));

            // Then every attempt is refused before the routes, and the model is never called
            assertThat(r.get("statusCode").asInt()).isEqualTo(403);
        }
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void aRotation_acceptsTheNewAndThePreviousValue_withoutAnError() throws Exception {
        // Given the secret rotated: the new value is current, the old one previous
        secretHolds("{\"current\":\"" + NEW + "\",\"previous\":\"" + OLD + "\"}");
        clock.advance(OriginLock.RELOAD_AFTER);

        // When CloudFront still sends the old value, then the new one
        JsonNode old = invoke(event(OLD, "198.51.100.10:1"));
        JsonNode fresh = invoke(event(NEW, "198.51.100.11:1"));

        // Then both are answered: the unknown value made the lock re-read the secret once
        assertThat(old.get("statusCode").asInt()).isEqualTo(200);
        assertThat(fresh.get("statusCode").asInt()).isEqualTo(200);
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
    }

    @Test
    void wrongValues_reReadTheSecret_atMostEveryThirtySeconds() throws Exception {
        for (int i = 0; i < 40; i++) { // 40 s of guesses
            invoke(event("test-origin-value-guess-" + i + "xxxx", null));
            clock.advance(Duration.ofSeconds(1));
        }

        // the load in setUp, plus one re-read per 30 s of clock
        wm.verify(
                2,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
    }

    @Test
    void anUnreadableSecret_failsClosed_with503() throws Exception {
        wm.resetAll();
        wm.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500)));
        lock.forget();

        JsonNode r = invoke(event(OLD, null));

        assertThat(r.get("statusCode").asInt()).isEqualTo(503);
        assertThat(code(r)).isEqualTo("origin_check_unavailable");
        assertThat(model.requests()).isEmpty();
    }
}
