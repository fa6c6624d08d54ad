package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.twin.contract.TwinEnvironment;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.NoCredentialsException;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.core.TwinPaths;
import dev.twin.maven.testing.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The real pinned CDK CLI (installed once into the user cache) reading an assembly synthesized
 * in-process.
 */
class CdkCliTest {

    /**
     * The CLI never finds credentials here: no files, no instance metadata, whatever the machine
     * has.
     */
    static final Map<String, String> NO_CREDENTIALS =
            Map.of(
                    "AWS_CONFIG_FILE", "/nonexistent/twin-test/config",
                    "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/twin-test/credentials",
                    "AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_REGION", "eu-west-1");

    @TempDir static Path target;

    static Path cdkOut;
    static final List<String> logged = new CopyOnWriteArrayList<>();
    static CdkCli cli;

    @BeforeAll
    static void synthOnce() throws Exception {
        Path jar = target.resolve("twin-runtime-lambda.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("dev/twin/Placeholder.class"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        cdkOut =
                new Synthesizer(TwinLog.silent())
                        .synthDefault(
                                StackSettings.minimal(
                                        new StackName("ana", TwinEnvironment.DEV), jar),
                                target.resolve("cdk.out"));
        cli = new CdkCli(CdkCli.defaultCacheRoot(), NO_CREDENTIALS, log());
    }

    @Test
    void synth_writesAnAssembly_thatThePinnedCliLists() {
        // When the real CLI reads the assembly
        logged.clear();
        cli.run("ls", List.of("--app", cdkOut.toString()));

        // Then it lists the stack
        assertThat(logged).contains("twin-ana-dev");
    }

    @Test
    void checkAssembly_acceptsTheSchemaThatAwsCdkLibWrites() {
        assertThat(CdkCli.assemblySchemaVersion(cdkOut)).matches("\\d+\\.\\d+\\.\\d+");
        cli.checkAssembly(cdkOut); // no exception
    }

    @Test
    void run_newerSchema_isReportedFromTheClisOwnAnswer() throws Exception {
        Path newer = target.resolve("newer.out");
        Files.createDirectories(newer);
        Files.writeString(
                newer.resolve("manifest.json"), "{\"version\": \"999.0.0\", \"artifacts\": {}}");

        assertThatThrownBy(() -> cli.run("ls", List.of("--app", newer.toString())))
                .isInstanceOf(AssemblySchemaMismatchException.class)
                .hasMessageContaining("999.0.0")
                .hasMessageContaining("aws-cdk@" + CdkCli.VERSION);
    }

    @Test
    void checkAssembly_saysSynthFirst_whenThereIsNoAssembly() {
        Path none = target.resolve("nothing-here");
        assertThatThrownBy(() -> cli.checkAssembly(none))
                .isInstanceOf(AssemblyMissingException.class)
                .hasMessageContaining("mvn twin:synth");
    }

    @Test
    void ensureInstalled_reusesTheCache() {
        Path first = cli.ensureInstalled();
        logged.clear();

        Path second = cli.ensureInstalled();

        assertThat(second).isEqualTo(first).exists();
        assertThat(first.toString()).contains(CdkCli.VERSION);
        assertThat(logged).noneMatch(l -> l.contains("Installing"));
    }

    @Test
    void deploy_withoutCredentials_failsFast_beforeSpawningTheCli() {
        // Given a profile that does not exist
        AwsClients clients =
                new AwsClients(AwsSettings.of("eu-west-1", "twin-test-no-such-profile", Map.of()));
        StackOperations ops =
                new StackOperations(
                        cli,
                        clients,
                        new TwinPaths(target, TwinEnvironment.DEV),
                        new StackName("ana", TwinEnvironment.DEV),
                        TwinLog.silent());
        logged.clear();
        long start = System.nanoTime();

        // When / Then
        assertThatThrownBy(() -> ops.deploy(cdkOut, Approval.NEVER))
                .isInstanceOf(NoCredentialsException.class)
                .hasMessageContaining("twin-test-no-such-profile")
                .hasMessageContaining("aws configure");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(logged).isEmpty();
    }

    @Test
    void cliDeploy_withoutCredentials_isTurnedIntoTheFriendlyError() {
        // When the CLI itself finds no credentials (the in-process check was passed, e.g. by an
        // expired session)
        assertThatThrownBy(
                        () ->
                                cli.run(
                                        "deploy",
                                        List.of(
                                                "twin-ana-dev",
                                                "--app",
                                                cdkOut.toString(),
                                                "--require-approval",
                                                "never")))
                .isInstanceOf(NoCredentialsException.class)
                .hasMessageContaining("aws configure");
    }

    @Test
    void classify_recognisesAnAccountThatIsNotBootstrapped() {
        RuntimeException e =
                CdkCli.classify(
                        "deploy",
                        1,
                        List.of(
                                "twin-ana-dev: SSM parameter /cdk-bootstrap/hnb659fds/version not found. Has the environment been "
                                        + "bootstrapped? Please run 'cdk bootstrap' (see https://docs.aws.amazon.com/cdk/latest/guide/bootstrapping.html)"));

        assertThat(e)
                .isInstanceOf(NotBootstrappedException.class)
                .hasMessageContaining("mvn twin:bootstrap");
    }

    @Test
    void destroy_prod_needsTheStackNameAsConfirmation() {
        StackOperations ops =
                new StackOperations(
                        cli,
                        new AwsClients(AwsSettings.defaults()),
                        new TwinPaths(target, TwinEnvironment.PROD),
                        new StackName("ana", TwinEnvironment.PROD),
                        TwinLog.silent());

        assertThatThrownBy(() -> ops.destroy(cdkOut, null))
                .isInstanceOf(ConfirmationRequiredException.class)
                .hasMessageContaining("-Dtwin.confirm=twin-ana-prod");
        assertThatThrownBy(() -> ops.destroy(cdkOut, "twin-ana-dev"))
                .isInstanceOf(ConfirmationRequiredException.class)
                .hasMessageContaining("'twin-ana-dev' does not match");
    }

    @Test
    void destroy_dev_emptiesEveryBucketOfTheStack_versionsAndDeleteMarkers_beforeTheCliRuns()
            throws Exception {
        // Given a versioned bucket with two versions and a delete marker, listed by CloudFormation
        // as the stack's
        var localS3 = LocalS3.get();
        String bucket = localS3.newBucket("memory");
        var cfn =
                new WireMockServer(
                        WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        try (var checker = localS3.checker()) {
            checker.putBucketVersioning(
                    b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            checker.putObject(
                    b -> b.bucket(bucket).key("persona/me.txt"), RequestBody.fromString("v1"));
            checker.putObject(
                    b -> b.bucket(bucket).key("persona/me.txt"), RequestBody.fromString("v2"));
            checker.deleteObject(b -> b.bucket(bucket).key("persona/me.txt"));
            cfn.start();
            cfn.stubFor(
                    WireMock.post("/")
                            .willReturn(
                                    WireMock.aResponse()
                                            .withStatus(200)
                                            .withHeader("Content-Type", "text/xml")
                                            .withBody(
                                                    """
                                    <ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                                      <ListStackResourcesResult><StackResourceSummaries>
                                        <member><LogicalResourceId>MemoryBucket</LogicalResourceId>
                                          <PhysicalResourceId>BUCKET</PhysicalResourceId>
                                          <ResourceType>AWS::S3::Bucket</ResourceType>
                                          <LastUpdatedTimestamp>2026-11-01T00:00:00Z</LastUpdatedTimestamp>
                                          <ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>
                                        <member><LogicalResourceId>Fn</LogicalResourceId>
                                          <PhysicalResourceId>twin-ana-dev-fn</PhysicalResourceId>
                                          <ResourceType>AWS::Lambda::Function</ResourceType>
                                          <LastUpdatedTimestamp>2026-11-01T00:00:00Z</LastUpdatedTimestamp>
                                          <ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>
                                      </StackResourceSummaries></ListStackResourcesResult>
                                    </ListStackResourcesResponse>"""
                                                            .replace("BUCKET", bucket))));
            AwsClients clients =
                    new AwsClients(
                            AwsSettings.of(
                                    "us-east-1",
                                    null,
                                    Map.of(
                                            AwsService.S3, localS3.endpoint().toString(),
                                            AwsService.CLOUDFORMATION, cfn.baseUrl())),
                            StaticCredentialsProvider.create(
                                    AwsBasicCredentials.create(
                                            LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY)));
            StackOperations ops =
                    new StackOperations(
                            cli,
                            clients,
                            new TwinPaths(target, TwinEnvironment.DEV),
                            new StackName("ana", TwinEnvironment.DEV),
                            TwinLog.silent());

            // When destroying; the CLI then stops at the credentials it cannot find on this machine
            assertThatThrownBy(() -> ops.destroy(cdkOut, null))
                    .isInstanceOf(NoCredentialsException.class);

            // Then the bucket was emptied first: no version and no delete marker left
            var versions = checker.listObjectVersions(b -> b.bucket(bucket));
            assertThat(versions.versions()).isEmpty();
            assertThat(versions.deleteMarkers()).isEmpty();
        } finally {
            cfn.stop();
        }
    }

    private static TwinLog log() {
        return TwinLog.into(logged);
    }
}
