package dev.twin.maven.cdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.contract.TwinEnvironment;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.testing.LocalS3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Before a dev destroy empties the buckets, the sources that keep writing into the log bucket are
 * turned off: CloudFront standard logging (against a CloudFront stand-in) and S3 access logging.
 */
class StopLogSourcesTest {

    private static final String CONFIG_PATH = "/2020-05-31/distribution/E2ANA/config";

    @TempDir Path target;

    private WireMockServer cloudFront;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void start() {
        cloudFront = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudFront.start();
    }

    @AfterEach
    void stop() {
        cloudFront.stop();
    }

    @Test
    void stopLogSources_turnsOffCloudFrontLogging_withTheConfigsETag_andSurvivesS3Refusing() {
        // Given a distribution that logs into the stack's log bucket
        cloudFront.stubFor(
                get(urlEqualTo(CONFIG_PATH))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/xml")
                                        .withHeader("ETag", "E2CONFIGV1")
                                        .withBody(
                                                """
                                                <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
                                                  <CallerReference>twin-ana-dev</CallerReference>
                                                  <Comment>twin</Comment>
                                                  <Enabled>true</Enabled>
                                                  <Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies>
                                                    <Bucket>twin-ana-dev-logs.s3.amazonaws.com</Bucket><Prefix>cloudfront/</Prefix>
                                                  </Logging>
                                                </DistributionConfig>""")));
        cloudFront.stubFor(
                put(urlEqualTo(CONFIG_PATH))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/xml")
                                        .withHeader("ETag", "E2CONFIGV2")
                                        .withBody(
                                                "<Distribution xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                                                        + "<Id>E2ANA</Id><Status>InProgress</Status></Distribution>")));
        LocalS3 localS3 = LocalS3.get();
        String logs = localS3.newBucket("logs");
        AwsClients clients =
                new AwsClients(
                        AwsSettings.of(
                                "us-east-1",
                                null,
                                Map.of(
                                        AwsService.CLOUDFRONT, cloudFront.baseUrl(),
                                        AwsService.S3, localS3.endpoint().toString())),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)));
        StackOperations ops =
                new StackOperations(
                        new CdkCli(target, Map.of(), TwinLog.silent()),
                        clients,
                        new TwinPaths(target, TwinEnvironment.DEV),
                        new StackName("ana", TwinEnvironment.DEV),
                        TwinLog.into(logged));

        // When
        ops.stopLogSources(
                List.of(
                        new StackResource(StackResource.BUCKET, "AccessLogs", logs),
                        new StackResource(StackResource.DISTRIBUTION, "Cdn", "E2ANA")));

        // Then the distribution's config went back with logging off, guarded by its ETag
        cloudFront.verify(
                putRequestedFor(urlEqualTo(CONFIG_PATH))
                        .withHeader("If-Match", equalTo("E2CONFIGV1"))
                        .withRequestBody(containing("<Logging><Enabled>false</Enabled>"))
                        .withRequestBody(
                                containing("<CallerReference>twin-ana-dev</CallerReference>")));
        assertThat(logged)
                .anyMatch(l -> l.contains("Turned off CloudFront standard logging of E2ANA"));
        clients.close();
    }
}
