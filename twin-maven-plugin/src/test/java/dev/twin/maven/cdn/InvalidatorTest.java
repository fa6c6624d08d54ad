package dev.twin.maven.cdn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToXml;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.TwinLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

class InvalidatorTest {

    private static final String CREATE_PATH = "/2020-05-31/distribution/E2TWIN/invalidation";

    private WireMockServer cloudFrontApi;
    private CloudFrontClient cloudFront;

    @BeforeEach
    void start() {
        cloudFrontApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudFrontApi.start();
        cloudFront =
                new AwsClients(
                                AwsSettings.of(
                                        null,
                                        null,
                                        Map.of(AwsService.CLOUDFRONT, cloudFrontApi.baseUrl())),
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create("test", "test")))
                        .cloudFront();
        cloudFrontApi.stubFor(
                post(urlEqualTo(CREATE_PATH))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "text/xml")
                                        .withHeader(
                                                "Location",
                                                cloudFrontApi.baseUrl() + CREATE_PATH + "/I1")
                                        .withBody(invalidation("I1", "InProgress"))));
    }

    @AfterEach
    void stop() {
        cloudFront.close();
        cloudFrontApi.stop();
    }

    @Test
    void invalidate_sendsTheChangedPaths_inTheExactXmlCloudFrontExpects() {
        // Given a publish that changed two files (one with a space in its name)
        var config =
                InvalidationConfig.of(
                        "E2TWIN", Optional.of(List.of("/index.html", "/img/my avatar.png")));

        // When
        InvalidationResult result =
                new Invalidator(cloudFront, config, TwinLog.silent()).invalidate();

        // Then
        assertThat(result.invalidationId()).contains("I1");
        LoggedRequest sent = onlyCreateRequest();
        String callerReference = callerReference(sent);
        assertThat(callerReference).startsWith("twin-");
        cloudFrontApi.verify(
                postRequestedFor(urlEqualTo(CREATE_PATH))
                        .withRequestBody(
                                equalToXml(
                                        """
                <InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
                  <Paths>
                    <Quantity>2</Quantity>
                    <Items><Path>/img/my%20avatar.png</Path><Path>/index.html</Path></Items>
                  </Paths>
                  <CallerReference>REF</CallerReference>
                </InvalidationBatch>"""
                                                .replace("REF", callerReference))));
    }

    @Test
    void invalidate_everything_whenTheChangedPathsAreUnknown() {
        new Invalidator(
                        cloudFront,
                        InvalidationConfig.of("E2TWIN", Optional.empty()),
                        TwinLog.silent())
                .invalidate();

        assertThat(paths(onlyCreateRequest())).containsExactly("/*");
    }

    @Test
    void invalidate_everything_pastTheThreshold() {
        List<String> many = IntStream.range(0, 16).mapToObj(i -> "/f" + i + ".js").toList();

        new Invalidator(
                        cloudFront,
                        InvalidationConfig.of("E2TWIN", Optional.of(many)),
                        TwinLog.silent())
                .invalidate();

        assertThat(paths(onlyCreateRequest())).containsExactly("/*");
    }

    @Test
    void invalidate_usesAUniqueCallerReference_everyRun() {
        var config = InvalidationConfig.of("E2TWIN", Optional.of(List.of("/index.html")));
        new Invalidator(cloudFront, config, TwinLog.silent()).invalidate();
        new Invalidator(cloudFront, config, TwinLog.silent()).invalidate();

        List<String> references =
                cloudFrontApi.findAll(postRequestedFor(urlEqualTo(CREATE_PATH))).stream()
                        .map(InvalidatorTest::callerReference)
                        .toList();
        assertThat(references).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void invalidate_sendsNothing_whenTheLastPublishChangedNothing() {
        InvalidationResult result =
                new Invalidator(
                                cloudFront,
                                InvalidationConfig.of("E2TWIN", Optional.of(List.of())),
                                TwinLog.silent())
                        .invalidate();

        assertThat(result.invalidationId()).isEmpty();
        assertThat(cloudFrontApi.getAllServeEvents()).isEmpty();
    }

    @Test
    void invalidate_waitsUntilCompleted_pollingGetInvalidation() {
        // Given CloudFront that reports InProgress once, then Completed
        String getPath = CREATE_PATH + "/I1";
        cloudFrontApi.stubFor(
                get(urlEqualTo(getPath))
                        .inScenario("wait")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(invalidation("I1", "InProgress")))
                        .willSetStateTo("done"));
        cloudFrontApi.stubFor(
                get(urlEqualTo(getPath))
                        .inScenario("wait")
                        .whenScenarioStateIs("done")
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(invalidation("I1", "Completed"))));
        var config =
                InvalidationConfig.of("E2TWIN", Optional.empty())
                        .waiting(Duration.ofSeconds(10), Duration.ofMillis(20));

        // When
        InvalidationResult result =
                new Invalidator(cloudFront, config, TwinLog.silent()).invalidate();

        // Then
        assertThat(result.status()).isEqualTo("Completed");
        cloudFrontApi.verify(2, getRequestedFor(urlEqualTo(getPath)));
    }

    @Test
    void invalidate_givesUpAfterTheTimeout_namingTheInvalidation() {
        cloudFrontApi.stubFor(
                get(urlEqualTo(CREATE_PATH + "/I1"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(invalidation("I1", "InProgress"))));
        var config =
                InvalidationConfig.of("E2TWIN", Optional.empty())
                        .waiting(Duration.ofMillis(100), Duration.ofMillis(20));

        assertThatThrownBy(() -> new Invalidator(cloudFront, config, TwinLog.silent()).invalidate())
                .isInstanceOf(InvalidationTimeoutException.class)
                .hasMessageContaining("I1")
                .hasMessageContaining("-Dtwin.waitTimeout");
    }

    @Test
    void invalidate_namesAMissingDistribution() {
        cloudFrontApi.stubFor(
                post(urlEqualTo("/2020-05-31/distribution/EGONE/invalidation"))
                        .willReturn(
                                aResponse()
                                        .withStatus(404)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                """
                        <ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>
                        <Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message>
                        </Error><RequestId>r</RequestId></ErrorResponse>""")));

        assertThatThrownBy(
                        () ->
                                new Invalidator(
                                                cloudFront,
                                                InvalidationConfig.of("EGONE", Optional.empty()),
                                                TwinLog.silent())
                                        .invalidate())
                .isInstanceOf(DistributionNotFoundException.class)
                .hasMessageContaining("EGONE");
    }

    @Test
    void encode_percentEncodesWhatCloudFrontWantsEncoded() {
        assertThat(Invalidator.encode("/a b/ü.html")).isEqualTo("/a%20b/%C3%BC.html");
        assertThat(Invalidator.encode("/assets/app.3f9a.js")).isEqualTo("/assets/app.3f9a.js");
    }

    private LoggedRequest onlyCreateRequest() {
        List<LoggedRequest> requests =
                cloudFrontApi.findAll(postRequestedFor(urlEqualTo(CREATE_PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String callerReference(LoggedRequest request) {
        var m =
                Pattern.compile("<CallerReference>([^<]+)</CallerReference>")
                        .matcher(request.getBodyAsString());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> paths(LoggedRequest request) {
        var m = Pattern.compile("<Path>([^<]+)</Path>").matcher(request.getBodyAsString());
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String invalidation(String id, String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
                  <Id>%s</Id><Status>%s</Status><CreateTime>2026-11-25T10:00:00Z</CreateTime>
                  <InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>
                  <CallerReference>ref</CallerReference></InvalidationBatch>
                </Invalidation>"""
                .formatted(id, status);
    }
}
