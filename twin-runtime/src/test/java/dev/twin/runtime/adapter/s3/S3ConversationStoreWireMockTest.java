package dev.twin.runtime.adapter.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
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
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 store against a WireMock S3 stand-in: asserts the exact conditional headers sent (s3proxy
 * honours them but cannot show what was sent), that no SSE header is sent (the bucket default
 * encrypts), and the answers s3proxy never gives: 409 ConditionalRequestConflict, 5xx, timeouts.
 */
class S3ConversationStoreWireMockTest {

    private static final String BUCKET = "twin-memory";
    private static WireMockServer wm;
    private static S3Client s3;

    private final SessionId id = SessionId.random();
    private final String path = "/" + BUCKET + "/conversations/" + id.value() + ".json";
    private S3ConversationStore store;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        s3 =
                S3Clients.build(
                        URI.create("http://127.0.0.1:" + wm.port()),
                        S3ProxyServer.CREDENTIALS,
                        Duration.ofMillis(1500));
        // load the SDK's classes once, so no test's first request races the attempt timeout on a
        // busy machine
        wm.stubFor(
                get(urlPathEqualTo("/warm-up/key"))
                        .willReturn(aResponse().withStatus(200).withBody("{}")));
        try (S3Client patient =
                S3Clients.build(
                        URI.create("http://127.0.0.1:" + wm.port()),
                        S3ProxyServer.CREDENTIALS,
                        Duration.ofSeconds(30))) {
            patient.getObjectAsBytes(r -> r.bucket("warm-up").key("key"));
        }
    }

    @AfterAll
    static void stop() {
        s3.close();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
        store = new S3ConversationStore(s3, BUCKET);
    }

    private Conversation oneTurn() {
        return new Conversation(
                id,
                List.of(
                        new Message(Role.USER, "hi", Instant.EPOCH),
                        new Message(Role.ASSISTANT, "hello", Instant.EPOCH.plusSeconds(1))));
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>m</Message></Error>";
    }

    @Test
    void put_create_sendsIfNoneMatchStar_andNoEncryptionHeaders() {
        // Given
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"")));

        // When
        String version = store.put(oneTurn(), null);

        // Then
        assertThat(version).isEqualTo("\"e1\"");
        wm.verify(
                1,
                putRequestedFor(urlPathEqualTo(path))
                        .withHeader("If-None-Match", equalTo("*"))
                        .withHeader("If-Match", absent())
                        .withHeader(
                                "Content-Type",
                                equalToIgnoreCase("application/json; charset=utf-8"))
                        .withHeader("Content-Encoding", absent())
                        .withHeader("x-amz-server-side-encryption", absent())
                        .withHeader("x-amz-server-side-encryption-aws-kms-key-id", absent())
                        .withHeader(
                                "Authorization",
                                WireMock.matching(
                                        "AWS4-HMAC-SHA256 Credential="
                                                + S3ProxyServer.ACCESS_KEY
                                                + "/\\d{8}/us-east-1/s3/aws4_request, .*")));
    }

    @Test
    void put_update_sendsIfMatchWithTheETagRead() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("ETag", "\"e1\"")
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(ConversationCodec.encode(oneTurn()))));
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e2\"")));

        var read = store.find(id).orElseThrow();
        String v2 =
                store.put(
                        read.value()
                                .append(List.of(new Message(Role.USER, "again", Instant.EPOCH))),
                        read.version());

        assertThat(read.version()).isEqualTo("\"e1\"");
        assertThat(v2).isEqualTo("\"e2\"");
        wm.verify(
                1,
                putRequestedFor(urlPathEqualTo(path))
                        .withHeader("If-Match", equalTo("\"e1\""))
                        .withHeader("If-None-Match", absent()));
        LoggedRequest sent = wm.findAll(putRequestedFor(urlPathEqualTo(path))).get(0);
        assertThat(sent.getBodyAsString()).contains("\"content\":\"again\"");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"412, PreconditionFailed", "409, ConditionalRequestConflict", "404, NoSuchKey"})
    void put_conditionLost_isVersionConflict(int status, String code) {
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(status)
                                        .withHeader("Content-Type", "application/xml")
                                        .withBody(error(code))));

        assertThatThrownBy(() -> store.put(oneTurn(), "\"e1\""))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void put_conflictAnsweredBeforeContinue_withoutErrorBody_isStillAConflict() {
        // S3 may answer an Expect: 100-continue PUT at once; the url-connection client then keeps
        // only the status
        wm.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(412)));

        assertThatThrownBy(() -> store.put(oneTurn(), null))
                .isInstanceOf(VersionConflictException.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"500, InternalError", "503, SlowDown", "403, AccessDenied", "404, NoSuchBucket"})
    void put_faults_areStoreUnavailable_afterABoundedRetry(int status, String code) {
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(status)
                                        .withHeader("Content-Type", "application/xml")
                                        .withBody(error(code))));

        assertThatThrownBy(() -> store.put(oneTurn(), "\"e1\""))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(BUCKET)
                .hasMessageContaining(code);
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(path))).size())
                .isBetween(1, S3Clients.MAX_ATTEMPTS);
    }

    @Test
    void put_retryMeetingItsOwnLandedWrite_isSuccess_notAConflict() {
        // Given: attempt 1 is written but answered 500; the SDK's retry then gets 412 for it
        Conversation c = oneTurn();
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .inScenario("landed")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(aResponse().withStatus(500).withBody(error("InternalError")))
                        .willSetStateTo("written"));
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .inScenario("landed")
                        .whenScenarioStateIs("written")
                        .willReturn(
                                aResponse().withStatus(412).withBody(error("PreconditionFailed"))));
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("ETag", "\"e2\"")
                                        .withBody(ConversationCodec.encode(c))));

        // When / Then: the stored object is byte for byte ours, so the turn is stored once
        assertThat(store.put(c, "\"e1\"")).isEqualTo("\"e2\"");
    }

    @Test
    void put_retryMeetingSomeoneElsesWrite_isAConflict() {
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .inScenario("other")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(aResponse().withStatus(500).withBody(error("InternalError")))
                        .willSetStateTo("raced"));
        wm.stubFor(
                put(urlPathEqualTo(path))
                        .inScenario("other")
                        .whenScenarioStateIs("raced")
                        .willReturn(
                                aResponse().withStatus(412).withBody(error("PreconditionFailed"))));
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("ETag", "\"e3\"")
                                        .withBody(
                                                ConversationCodec.encode(
                                                        oneTurn()
                                                                .append(
                                                                        List.of(
                                                                                new Message(
                                                                                        Role.USER,
                                                                                        "other tab",
                                                                                        Instant
                                                                                                .EPOCH)))))));

        assertThatThrownBy(() -> store.put(oneTurn(), "\"e1\""))
                .isInstanceOf(VersionConflictException.class);
    }

    @Test
    void find_accessDenied_isStoreUnavailable_sayingWhichPermissions() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withHeader("Content-Type", "application/xml")
                                        .withBody(error("AccessDenied"))));

        assertThatThrownBy(() -> store.find(id))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("s3:ListBucket");
    }

    @Test
    void find_noSuchKey_isEmpty() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(404)
                                        .withHeader("Content-Type", "application/xml")
                                        .withBody(error("NoSuchKey"))));

        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void find_slowerThanTheAttemptTimeout_isStoreUnavailable() {
        wm.stubFor(
                get(urlPathEqualTo(path))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("ETag", "\"e1\"")
                                        .withBody(ConversationCodec.encode(oneTurn()))
                                        .withFixedDelay(4_000)));

        assertThatThrownBy(() -> store.find(id)).isInstanceOf(StoreUnavailableException.class);
    }
}
