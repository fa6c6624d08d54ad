package dev.twin.runtime.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.twin.runtime.adapter.s3.S3Clients;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.ScriptedModel;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.faults.Api.Answer;
import dev.twin.runtime.json.ConversationCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * S3 faults on cue: WireMock on loopback in front of a real s3proxy, proxying every request unless
 * a test injects a fault: 500, 503 SlowDown, a slow answer, a connection reset after the object was
 * stored. Asserted: the status and error the visitor gets, the requests S3 received (bounded
 * retries), one log line per retry, and the stored conversation, message by message.
 */
class S3FaultsTest {

    private static final String BUCKET = "twin-faults";

    /**
     * Attempt timeout of the client under test (1.5 s in production): long enough for s3proxy
     * behind WireMock on a loaded 2-core machine, short enough to test timeouts; the call timeout
     * follows.
     */
    private static final Duration ATTEMPT = Duration.ofMillis(2500);

    private static final Duration CALL =
            ATTEMPT.multipliedBy(S3Clients.MAX_ATTEMPTS).plusSeconds(1);

    private static S3ProxyServer s3proxy;
    private static S3Client direct;
    private static WireMockServer wm;
    private static S3Client viaFaults;

    private Api api;
    private String sessionId;
    private String path;

    @BeforeAll
    static void start() throws Exception {
        s3proxy = S3ProxyServer.sharedWithoutAuthorization();
        direct = s3proxy.patientClient();
        if (direct.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
            direct.createBucket(b -> b.bucket(BUCKET));
        }
        // s3proxy without signature checks: WireMock's proxy rewrites the signed Content-Type's
        // charset
        wm =
                new WireMockServer(
                        options()
                                .bindAddress("127.0.0.1")
                                .dynamicPort()
                                .preserveHostHeader(true)
                                .extensions(new ResetAfterProxying()));
        wm.start();
        wm.stubFor(
                any(anyUrl()).willReturn(aResponse().proxiedFrom(s3proxy.endpoint().toString())));
        // a first conditional PUT and GET through the proxy, without a hurry: the proxy's client,
        // s3proxy's
        // JIT and the SDK warm up here, so no test's first request races the short attempt timeout
        try (S3Client patient =
                S3Clients.build(
                        URI.create(wm.baseUrl()),
                        S3ProxyServer.CREDENTIALS,
                        Duration.ofSeconds(30))) {
            for (int i = 0; i < 3; i++) {
                String key = "warm-up/" + i + ".json";
                patient.putObject(
                        b ->
                                b.bucket(BUCKET)
                                        .key(key)
                                        .contentType("application/json; charset=utf-8"),
                        RequestBody.fromString("{}"));
                patient.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
            }
        }
        viaFaults = S3Clients.build(URI.create(wm.baseUrl()), S3ProxyServer.CREDENTIALS, ATTEMPT);
    }

    @AfterAll
    static void stop() {
        if (viaFaults != null) {
            viaFaults.close();
        }
        wm.stop();
    }

    @BeforeEach
    void given_aConversationWithOneTurn() {
        wm.resetAll();
        wm.stubFor(
                any(anyUrl())
                        .atPriority(10)
                        .willReturn(aResponse().proxiedFrom(s3proxy.endpoint().toString())));
        api = new Api(new ScriptedModel(), new S3ConversationStore(viaFaults, BUCKET));
        // the first turn also warms the SDK up, so no test's first request races the short attempt
        // timeout
        Answer first = api.chat(null, "Where do you live?");
        assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
        sessionId = first.sessionId();
        path = "/" + BUCKET + "/conversations/" + sessionId + ".json";
        wm.resetRequests();
    }

    @Test
    void s3PutAlways500_answers503_afterBoundedLoggedRetries_andKeepsTheConversation() {
        wm.stubFor(
                put(urlPathEqualTo(path)).atPriority(1).willReturn(s3Error(500, "InternalError")));

        try (LogLines log = LogLines.capture()) {
            Answer a = api.chat(sessionId, "What do you bake?");

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.errorCode()).isEqualTo("storage_unavailable");
            assertThat(a.headers()).containsEntry("retry-after", "2");
            assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(path))))
                    .hasSize(S3Clients.MAX_ATTEMPTS);
            assertThat(log.retries()).containsExactly("S3 PutObject 2/2 500 InternalError");
            assertThat(log.events("storage_unavailable")).hasSize(1);
        }
        assertThat(stored().messages())
                .extracting(Message::content)
                .containsExactly("Where do you live?", "echo: Where do you live?");
    }

    @Test
    void s3WriteFailed_thenRecovered_resendingTheMessageStoresExactlyOneTurn() {
        StubMapping down =
                wm.stubFor(
                        put(urlPathEqualTo(path))
                                .atPriority(1)
                                .willReturn(s3Error(503, "SlowDown")));
        assertThat(api.chat(sessionId, "What do you bake?").status()).isEqualTo(503);

        // When S3 is back and the visitor sends the same message again
        wm.removeStub(down);
        Answer again = api.chat(sessionId, "What do you bake?");

        // Then
        assertThat(again.status()).isEqualTo(200);
        assertThat(stored().messages())
                .extracting(Message::content)
                .containsExactly(
                        "Where do you live?",
                        "echo: Where do you live?",
                        "What do you bake?",
                        "echo: What do you bake?");
    }

    @Test
    void s3ReadSlowDownOnce_isRetriedOnceAndLogged_thenTheTurnIsStored() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("slowdown")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(s3Error(503, "SlowDown"))
                        .willSetStateTo("recovered"));

        try (LogLines log = LogLines.capture()) {
            Answer a = api.chat(sessionId, "What do you bake?");

            assertThat(a.status()).isEqualTo(200);
            assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(2);
            assertThat(log.retries()).containsExactly("S3 GetObject 2/2 503 SlowDown");
        }
        assertThat(stored().messages()).hasSize(4);
    }

    @Test
    void s3ReadSlowerThanTheAttemptTimeout_answers503_withinTheCallTimeout() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .proxiedFrom(s3proxy.endpoint().toString())
                                        .withFixedDelay((int) CALL.toMillis() + 2_000)));

        try (LogLines log = LogLines.capture()) {
            long start = System.nanoTime();
            Answer a = api.chat(sessionId, "What do you bake?");
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertThat(a.status()).isEqualTo(503);
            assertThat(a.errorCode()).isEqualTo("storage_unavailable");
            // two attempts and a back-off; the call timeout (2 attempts + 1 s) is the hard bound
            assertThat(ms)
                    .isGreaterThanOrEqualTo(ATTEMPT.multipliedBy(2).toMillis())
                    .isLessThan(CALL.toMillis() + 1_000);
            assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(2);
            // the socket timeout equals the attempt timeout, so on a loaded machine either may
            // fire first; both mean "this attempt took too long" and lead to the same one retry
            assertThat(log.retries())
                    .singleElement()
                    .isIn(
                            "S3 GetObject 2/2 attempt timeout",
                            "S3 GetObject 2/2 SocketTimeoutException: Read timed out");
        }
        assertThat(stored().messages()).hasSize(2);
    }

    @Test
    void s3ResetAfterWrite_storesTheTurnOnce() {
        // Given: s3proxy stores the PUT, then the answer is lost; the SDK's retry meets its own
        // write (412)
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("reset")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse()
                                        .proxiedFrom(s3proxy.endpoint().toString())
                                        .withTransformers(ResetAfterProxying.NAME))
                        .willSetStateTo("written"));

        try (LogLines log = LogLines.capture()) {
            // When
            Answer a = api.chat(sessionId, "What do you bake?");

            // Then
            assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
            assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(path)))).hasSize(2);
            assertThat(log.retries()).hasSize(1).first().asString().startsWith("S3 PutObject 2/2 ");
        }
        assertOneCopyOfEachTurn(stored(), "What do you bake?");
    }

    @Test
    void s3ResetAfterWrite_andTheCheckingReadFailing_stillStoresTheTurnOnce() {
        // Given: the write lands and its answer is lost; the retry gets 412; the store's own check
        // (a GET) then fails twice, so the store reports a conflict and the chat service re-reads
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("reset")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse()
                                        .proxiedFrom(s3proxy.endpoint().toString())
                                        .withTransformers(ResetAfterProxying.NAME))
                        .willSetStateTo("written"));
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("reset")
                        .whenScenarioStateIs("written")
                        .willReturn(s3Error(500, "InternalError"))
                        .willSetStateTo("check failed once"));
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("reset")
                        .whenScenarioStateIs("check failed once")
                        .willReturn(s3Error(500, "InternalError"))
                        .willSetStateTo("recovered"));

        try (LogLines log = LogLines.capture()) {
            Answer a = api.chat(sessionId, "What do you bake?");

            assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
            // 1 read for the turn, 2 for the failed check, 1 re-read that finds the turn: no third
            // PUT
            assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(4);
            assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(path)))).hasSize(2);
            assertThat(log.retries())
                    .hasSize(2)
                    .last()
                    .isEqualTo("S3 GetObject 2/2 500 InternalError");
            assertThat(log.events("turn_already_stored")).hasSize(1);
        }
        assertOneCopyOfEachTurn(stored(), "What do you bake?");
    }

    @Test
    void s3WriteLandedButEveryAnswerWasLost_answers503_andTheRetryWithItsTurnIdGetsTheStoredTurn() {
        // Given: the write lands and its answer is lost; the retry gets 412; the store's check
        // fails
        // twice, and so does the chat service's re-read: the visitor sees 503 although the turn is
        // stored
        String[] states = {
            "written", "check failed once", "check failed twice", "re-read failed once"
        };
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .atPriority(1)
                        .inScenario("lost")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse()
                                        .proxiedFrom(s3proxy.endpoint().toString())
                                        .withTransformers(ResetAfterProxying.NAME))
                        .willSetStateTo(states[0]));
        for (int i = 0; i < states.length; i++) {
            wm.stubFor(
                    get(urlPathEqualTo(path))
                            .atPriority(1)
                            .inScenario("lost")
                            .whenScenarioStateIs(states[i])
                            .willReturn(s3Error(500, "InternalError"))
                            .willSetStateTo(i + 1 < states.length ? states[i + 1] : "recovered"));
        }
        String turnId = "7d0c5a8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f";
        Answer lost = api.chat(sessionId, "What do you bake?", turnId);
        assertThat(lost.status()).as(lost.body().toString()).isEqualTo(503);

        // When the page retries: the same message with the same turn id
        try (LogLines log = LogLines.capture()) {
            Answer retried = api.chat(sessionId, "What do you bake?", turnId);

            // Then it gets the stored answer, without a new PUT, and the turn is stored once
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.body().get("response").asText())
                    .isEqualTo("echo: What do you bake?");
            assertThat(log.events("turn_replayed")).hasSize(1);
        }
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(path)))).hasSize(2);
        assertOneCopyOfEachTurn(stored(), "What do you bake?");
    }

    @Test
    void conversationStoredBeforeTurnIds_stillLoads_andTakesNewTurns() {
        // Given: a conversation in the old layout (no turn_id), as the Python twin or an older
        // runtime wrote it
        SessionId old = SessionId.random();
        String legacy =
                """
        {"session_id":"%s","messages":[
          {"role":"user","content":"hello","timestamp":"2026-11-01T10:00:00"},
          {"role":"assistant","content":"hi there","timestamp":"2026-11-01T10:00:01.5Z"}]}
        """
                        .formatted(old.value());
        direct.putObject(
                b -> b.bucket(BUCKET).key("conversations/" + old.value() + ".json"),
                RequestBody.fromString(legacy));

        // When
        Answer a = api.chat(old.value(), "still there?");

        // Then
        assertThat(a.status()).isEqualTo(200);
        Conversation c = stored(old.value());
        assertThat(c.messages())
                .extracting(Message::content)
                .containsExactly("hello", "hi there", "still there?", "echo: still there?");
        assertThat(c.messages().get(0).turnId()).isNull();
        assertThat(c.messages().get(2).turnId())
                .isNotNull()
                .isEqualTo(c.messages().get(3).turnId());
    }

    private static void assertOneCopyOfEachTurn(Conversation c, String newMessage) {
        assertThat(c.messages())
                .extracting(Message::content)
                .containsExactly(
                        "Where do you live?",
                        "echo: Where do you live?",
                        newMessage,
                        "echo: " + newMessage);
        assertThat(c.messages())
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        List<String> turnIds = c.messages().stream().map(Message::turnId).distinct().toList();
        assertThat(turnIds).hasSize(2).doesNotContainNull();
    }

    private Conversation stored() {
        return stored(sessionId);
    }

    private static Conversation stored(String id) {
        try {
            byte[] bytes =
                    direct.getObjectAsBytes(
                                    b -> b.bucket(BUCKET).key("conversations/" + id + ".json"))
                            .asByteArray();
            return ConversationCodec.decode(bytes, SessionId.parse(id));
        } catch (NoSuchKeyException e) {
            throw new AssertionError("no conversation stored under " + id, e);
        }
    }

    private static ResponseDefinitionBuilder s3Error(int status, String code) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withBody(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                                + code
                                + "</Code><Message>injected"
                                + "</Message><RequestId>"
                                + UUID.randomUUID()
                                + "</RequestId></Error>");
    }
}
