package dev.twin.maven.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Region, account, proxy and client lifetime of one goal run's AWS clients. */
class AwsClientsTest {

    @TempDir Path dir;

    private WireMockServer wm;
    private String configBefore;

    @BeforeEach
    void start() {
        wm =
                new WireMockServer(
                        options()
                                .bindAddress("127.0.0.1")
                                .dynamicPort()
                                .enableBrowserProxying(true));
        wm.start();
        configBefore = System.getProperty("aws.configFile");
    }

    @AfterEach
    void stop() {
        wm.stop();
        if (configBefore == null) {
            System.clearProperty("aws.configFile");
        } else {
            System.setProperty("aws.configFile", configBefore);
        }
    }

    @Test
    void region_isTwinRegionFirst_thenTheProfilesRegion() throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[profile eu-owner]\nregion = eu-west-1\n");
        System.setProperty("aws.configFile", config.toString());

        assertThat(new AwsClients(AwsSettings.of(null, "eu-owner", Map.of())).region())
                .contains(Region.EU_WEST_1);
        assertThat(new AwsClients(AwsSettings.of("ap-southeast-2", "eu-owner", Map.of())).region())
                .contains(Region.AP_SOUTHEAST_2);
    }

    @Test
    void account_comesFromGetCallerIdentity_andIsQuietlyEmptyWhenStsRefuses() {
        // Given an STS stand-in that answers once, then refuses
        wm.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                                        + "<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/ana</Arn>"
                                                        + "<UserId>AIDATWIN</UserId><Account>111122223333</Account>"
                                                        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
                                                        + "</ResponseMetadata></GetCallerIdentityResponse>")));
        List<String> logged = new ArrayList<>();

        try (AwsClients clients = clients(Map.of(AwsService.STS, wm.baseUrl()))) {
            assertThat(clients.account(TwinLog.into(logged))).contains("111122223333");
        }
        wm.verify(
                postRequestedFor(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=GetCallerIdentity")));

        wm.resetAll();
        wm.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(403)));
        try (AwsClients clients = clients(Map.of(AwsService.STS, wm.baseUrl()))) {
            assertThat(clients.account(TwinLog.into(logged))).isEmpty();
        }
    }

    @Test
    void mavenProxy_carriesEveryRequest() {
        // Given Maven's active proxy is the stand-in, and S3 is a host only the proxy knows
        wm.stubFor(
                get(anyUrl())
                        .withHeader("Host", equalTo("s3.twin-proxy.test"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/xml")
                                        .withBody(
                                                "<ListBucketResult><Name>b</Name><KeyCount>0</KeyCount>"
                                                        + "<IsTruncated>false</IsTruncated></ListBucketResult>")));
        ProxySettings proxy =
                ProxySettings.of(
                        "http", "127.0.0.1", wm.port(), null, null, "localhost|*.internal");
        AwsSettings settings =
                AwsSettings.of(
                                "us-east-1",
                                null,
                                Map.of(AwsService.S3, "http://s3.twin-proxy.test"))
                        .withProxy(Optional.of(proxy));

        // When
        try (AwsClients clients =
                new AwsClients(
                        settings,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))) {
            assertThat(clients.objectStore().list("b", "")).isEmpty();
        }

        // Then the request went through the proxy
        assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        assertThat(proxy.nonProxyHosts()).isEqualTo(Set.of("localhost", "*.internal"));
        assertThat(proxy.toString()).doesNotContain("password");
    }

    @Test
    void clients_areBuiltOncePerRun_andUnusableAfterClose() {
        AwsClients clients = clients(Map.of(AwsService.S3, "http://127.0.0.1:9"));

        assertThat(clients.s3()).isSameAs(clients.s3());
        assertThat(clients.credentialsProvider()).isSameAs(clients.credentialsProvider());
        clients.close();
        assertThat(clients.s3()).isNotNull(); // a new run after close builds afresh
        clients.close();
    }

    @Test
    void proxy_refusesAHostlessMavenProxy_withTheFix() {
        assertThatThrownBy(() -> ProxySettings.of("http", " ", 8080, null, null, null))
                .isInstanceOf(InvalidProxyException.class)
                .hasMessageContaining("settings.xml");
    }

    private static AwsClients clients(Map<AwsService, String> endpoints) {
        return new AwsClients(
                AwsSettings.of("us-east-1", null, endpoints),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")));
    }
}
