package dev.twin.maven.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.contract.TwinEnvironment;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class StackOutputsSourceTest {

    @TempDir Path target;

    private WireMockServer cloudFormation;
    private AwsClients clients;

    @BeforeEach
    void start() {
        cloudFormation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudFormation.start();
        clients =
                new AwsClients(
                        AwsSettings.of(
                                "eu-west-1",
                                null,
                                Map.of(AwsService.CLOUDFORMATION, cloudFormation.baseUrl())),
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("test", "test")));
    }

    @AfterEach
    void stop() {
        cloudFormation.stop();
    }

    @Test
    void load_prefersTheOutputsFile() {
        // Given an outputs file for the stack
        TwinPaths paths = new TwinPaths(target, TwinEnvironment.DEV);
        new StackOutputs("twin-ana-dev", Map.of("FrontendBucketName", "from-file"))
                .write(paths.outputsFile());

        // When
        StackOutputs outputs = source(paths).load();

        // Then CloudFormation is not asked
        assertThat(outputs.frontendBucketName()).isEqualTo("from-file");
        assertThat(cloudFormation.getAllServeEvents()).isEmpty();
    }

    @Test
    void load_asksCloudFormation_whenTheFileIsAbsent() {
        // Given no file, and CloudFormation that knows the stack
        cloudFormation.stubFor(
                post(urlEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                """
                        <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <DescribeStacksResult><Stacks><member>
                            <StackName>twin-ana-dev</StackName>
                            <StackStatus>CREATE_COMPLETE</StackStatus>
                            <CreationTime>2026-11-01T00:00:00Z</CreationTime>
                            <Outputs>
                              <member><OutputKey>FrontendBucketName</OutputKey><OutputValue>from-cfn</OutputValue></member>
                              <member><OutputKey>DistributionId</OutputKey><OutputValue>E9</OutputValue></member>
                            </Outputs>
                          </member></Stacks></DescribeStacksResult>
                        </DescribeStacksResponse>""")));

        // When
        StackOutputs outputs = source(new TwinPaths(target, TwinEnvironment.DEV)).load();

        // Then
        assertThat(outputs.frontendBucketName()).isEqualTo("from-cfn");
        assertThat(outputs.distributionId()).isEqualTo("E9");
        cloudFormation.verify(
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(containing("Action=DescribeStacks"))
                        .withRequestBody(containing("StackName=twin-ana-dev")));
    }

    @Test
    void load_saysDeployFirst_whenTheStackDoesNotExist() {
        cloudFormation.stubFor(
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

        assertThatThrownBy(() -> source(new TwinPaths(target, TwinEnvironment.DEV)).load())
                .isInstanceOf(StackNotDeployedException.class)
                .hasMessageContaining("twin-ana-dev")
                .hasMessageContaining("mvn twin:deploy -Dtwin.env=dev");
    }

    private StackOutputsSource source(TwinPaths paths) {
        return new StackOutputsSource(
                paths,
                new StackName("ana", TwinEnvironment.DEV),
                clients::cloudFormation,
                TwinLog.silent());
    }
}
