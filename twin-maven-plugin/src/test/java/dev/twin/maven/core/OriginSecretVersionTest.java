package dev.twin.maven.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.contract.StackOutputNames;
import dev.twin.contract.TwinEnvironment;
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
 * twin:deploy's lookup of the origin lock secret's current version: Secrets Manager and
 * CloudFormation are WireMock on loopback, the outputs file a real one.
 */
class OriginSecretVersionTest {

    private static final String ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:OriginLockSecret-AbCdEf";
    private static final String CURRENT = "0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e";
    private static final String PREVIOUS = "9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f";

    @TempDir Path target;

    private WireMockServer aws;
    private AwsClients clients;
    private TwinPaths paths;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
        clients =
                new AwsClients(
                        AwsSettings.of(
                                "eu-west-1",
                                null,
                                Map.of(
                                        AwsService.SECRETSMANAGER, aws.baseUrl(),
                                        AwsService.CLOUDFORMATION, aws.baseUrl())),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("test", "test")));
        paths = new TwinPaths(target, TwinEnvironment.DEV);
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.stop();
    }

    private OriginSecretVersion lookup() {
        return new OriginSecretVersion(
                new StackOutputsSource(
                        paths,
                        new StackName("ana", TwinEnvironment.DEV),
                        clients::cloudFormation,
                        TwinLog.silent()),
                clients::secretsManager,
                TwinLog.into(logged));
    }

    private void deployedWithTheSecret() {
        new StackOutputs("twin-ana-dev", Map.of(StackOutputNames.ORIGIN_SECRET_ARN, ARN))
                .write(paths.outputsFile());
    }

    @Test
    void current_isTheVersionStagedAwsCurrent_afterARotation() {
        // Given a deployed stack whose secret was rotated (the old value is AWSPREVIOUS)
        deployedWithTheSecret();
        aws.stubFor(
                post(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret"))
                        .willReturn(
                                okJson(
                                        "{\"ARN\":\""
                                                + ARN
                                                + "\",\"VersionIdsToStages\":{\""
                                                + PREVIOUS
                                                + "\":[\"AWSPREVIOUS\"],\""
                                                + CURRENT
                                                + "\":[\"AWSCURRENT\"]}}")));

        // When / Then
        assertThat(lookup().current()).contains(CURRENT);
        aws.verify(
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret"))
                        .withRequestBody(equalToJson("{\"SecretId\":\"" + ARN + "\"}")));
        assertThat(logged).anyMatch(l -> l.contains(CURRENT));
    }

    @Test
    void current_onAFirstDeploy_isEmpty_andAsksNoSecret() {
        // Given no outputs file and CloudFormation that does not know the stack
        aws.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                """
                        <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <Error><Type>Sender</Type><Code>ValidationError</Code>
                          <Message>Stack with id twin-ana-dev does not exist</Message></Error>
                          <RequestId>1</RequestId>
                        </ErrorResponse>""")));

        assertThat(lookup().current()).isEmpty();
        aws.verify(
                0,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret")));
        assertThat(logged).anyMatch(l -> l.contains("First deploy"));
    }

    @Test
    void current_whenTheSecretCannotBeDescribed_isEmpty_withAWarningThatSaysWhatToDo() {
        // Given a deployer without secretsmanager:DescribeSecret
        deployedWithTheSecret();
        aws.stubFor(
                post(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo("secretsmanager.DescribeSecret"))
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                                        .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                                        .withBody(
                                                "{\"__type\":\"AccessDeniedException\",\"message\":\"not"
                                                        + " authorized to perform"
                                                        + " secretsmanager:DescribeSecret\"}")));

        assertThat(lookup().current()).isEmpty();
        assertThat(logged)
                .anyMatch(
                        l ->
                                l.contains("not pinned")
                                        && l.contains("secretsmanager:DescribeSecret")
                                        && l.contains("Rotation"));
    }

    @Test
    void current_onAStackFromBeforeTheOutput_isEmpty() {
        new StackOutputs("twin-ana-dev", Map.of(StackOutputNames.DISTRIBUTION_ID, "E9"))
                .write(paths.outputsFile());

        assertThat(lookup().current()).isEmpty();
        assertThat(aws.getAllServeEvents()).isEmpty();
    }
}
