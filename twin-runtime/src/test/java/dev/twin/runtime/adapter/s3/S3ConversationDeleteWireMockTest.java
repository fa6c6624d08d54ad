package dev.twin.runtime.adapter.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.port.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Erasing a conversation from a versioned bucket, against a WireMock S3 stand-in (s3proxy cannot
 * turn versioning on): every version and delete marker of the key is deleted by version id, keys
 * that only share the prefix are left alone, and refusals become a store failure.
 */
class S3ConversationDeleteWireMockTest {

    private static final String BUCKET = "twin-memory";
    private static WireMockServer wm;
    private static S3Client s3;

    private final SessionId id = SessionId.random();
    private final String key = "conversations/" + id.value() + ".json";
    private S3ConversationStore store;

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        s3 =
                S3Clients.build(
                        URI.create("http://127.0.0.1:" + wm.port()),
                        S3ProxyServer.CREDENTIALS,
                        Duration.ofSeconds(10));
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

    private static String version(String key, String versionId) {
        return "<Version><Key>"
                + key
                + "</Key><VersionId>"
                + versionId
                + "</VersionId><IsLatest>false</IsLatest><Size>10</Size></Version>";
    }

    private void listing(String entries) {
        wm.stubFor(
                get(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("versions", equalTo(""))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                                        + "<ListVersionsResult><Name>"
                                                        + BUCKET
                                                        + "</Name><IsTruncated>false</IsTruncated>"
                                                        + entries
                                                        + "</ListVersionsResult>")));
    }

    @Test
    void delete_deletesEveryVersionAndDeleteMarkerById_andSkipsKeysSharingThePrefix() {
        // Given three versions, one delete marker, and another object whose key starts with ours
        listing(
                version(key, "v1")
                        + version(key, "v2")
                        + version(key, "v3")
                        + version(key + ".bak", "other")
                        + "<DeleteMarker><Key>"
                        + key
                        + "</Key><VersionId>m1</VersionId><IsLatest>true</IsLatest></DeleteMarker>");
        wm.stubFor(
                post(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("delete", equalTo(""))
                        .willReturn(aResponse().withStatus(200).withBody("<DeleteResult/>")));

        // When
        boolean erased = store.delete(id);

        // Then
        assertThat(erased).isTrue();
        wm.verify(
                1,
                getRequestedFor(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("versions", equalTo(""))
                        .withQueryParam("prefix", equalTo(key)));
        List<LoggedRequest> deletes =
                wm.findAll(
                        postRequestedFor(urlPathMatching("/" + BUCKET + "/?"))
                                .withQueryParam("delete", equalTo("")));
        assertThat(deletes).hasSize(1);
        String body = deletes.get(0).getBodyAsString();
        for (String v : List.of("v1", "v2", "v3", "m1")) {
            assertThat(body).contains("<Key>" + key + "</Key><VersionId>" + v + "</VersionId>");
        }
        assertThat(body).doesNotContain("other").doesNotContain(".bak");
        assertThat(body).contains("<Quiet>true</Quiet>");
    }

    @Test
    void delete_nothingListed_answersFalse_andSendsNoDelete() {
        listing("");

        assertThat(store.delete(id)).isFalse();

        wm.verify(0, postRequestedFor(urlPathMatching("/" + BUCKET + "/?")));
    }

    @Test
    void delete_aVersionRefused_isAStoreFailureNamingTheMissingPermission() {
        // Given
        listing(version(key, "v1"));
        wm.stubFor(
                post(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("delete", equalTo(""))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "<DeleteResult><Error><Key>"
                                                        + key
                                                        + "</Key><VersionId>v1</VersionId><Code>AccessDenied</Code>"
                                                        + "<Message>Access Denied</Message></Error></DeleteResult>")));

        // When / Then
        assertThatThrownBy(() -> store.delete(id))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("AccessDenied")
                .hasMessageContaining("s3:DeleteObjectVersion");
    }

    @Test
    void delete_listingNotImplemented_fallsBackToDeletingTheOneObject() {
        // Given an S3-compatible store without the versions listing
        wm.stubFor(
                get(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("versions", equalTo(""))
                        .willReturn(
                                aResponse()
                                        .withStatus(501)
                                        .withBody(
                                                "<Error><Code>NotImplemented</Code><Message>m</Message></Error>")));
        wm.stubFor(
                head(urlPathEqualTo("/" + BUCKET + "/" + key))
                        .willReturn(aResponse().withStatus(200)));
        wm.stubFor(
                delete(urlPathEqualTo("/" + BUCKET + "/" + key))
                        .willReturn(aResponse().withStatus(204)));

        // When
        boolean erased = store.delete(id);

        // Then
        assertThat(erased).isTrue();
        wm.verify(1, deleteRequestedFor(urlPathEqualTo("/" + BUCKET + "/" + key)));
    }

    @Test
    void delete_listingForbidden_isAStoreFailure() {
        wm.stubFor(
                get(urlPathMatching("/" + BUCKET + "/?"))
                        .withQueryParam("versions", equalTo(""))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withBody(
                                                "<Error><Code>AccessDenied</Code><Message>m</Message></Error>")));

        assertThatThrownBy(() -> store.delete(id))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("403")
                .hasMessageContaining(key);
        wm.verify(
                0,
                postRequestedFor(urlPathMatching("/" + BUCKET + "/?"))
                        .withRequestBody(containing("x")));
    }
}
