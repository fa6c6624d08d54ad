package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.maven.core.TwinLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maven's offline mode and the CLI version setting, without running npm or the CLI. */
class CdkCliOfflineTest {

    @TempDir Path cache;

    @Test
    void offline_withoutACachedCli_saysHowToGetOne_andRunsNoNpm() throws Exception {
        // Given a cache holding another version only
        Path other = cache.resolve("2.1000.0/node_modules/aws-cdk/bin");
        Files.createDirectories(other);
        Files.writeString(other.resolve("cdk"), "#!/usr/bin/env node\n");

        CdkCli cli = new CdkCli(cache, "2.1148.1", true, Map.of(), TwinLog.silent());

        // When / Then
        assertThatThrownBy(cli::ensureInstalled)
                .isInstanceOf(CdkCliNotCachedException.class)
                .hasMessageContaining("aws-cdk@2.1148.1")
                .hasMessageContaining("offline (-o)")
                .hasMessageContaining("npm install --prefix " + cache.resolve("2.1148.1"))
                .hasMessageContaining("-Dtwin.cdkCliVersion=")
                .hasMessageContaining("2.1000.0");
        try (var entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactly("2.1000.0"); // no staging directory: npm never ran
        }
    }

    @Test
    void offline_withTheCachedVersion_usesIt() throws Exception {
        Path bin = cache.resolve("2.1000.0/node_modules/aws-cdk/bin");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("cdk"), "#!/usr/bin/env node\n");

        CdkCli cli = new CdkCli(cache, "2.1000.0", true, Map.of(), TwinLog.silent());

        assertThat(cli.ensureInstalled()).isEqualTo(bin.resolve("cdk"));
        assertThat(cli.version()).isEqualTo("2.1000.0");
    }

    @Test
    void version_defaultsToThePinnedOne_andRefusesWhatIsNoVersion() {
        assertThat(new CdkCli(cache, null, false, Map.of(), TwinLog.silent()).version())
                .isEqualTo(CdkCli.VERSION);
        assertThatThrownBy(
                        () ->
                                new CdkCli(
                                        cache,
                                        "latest; rm -rf /",
                                        false,
                                        Map.of(),
                                        TwinLog.silent()))
                .isInstanceOf(InvalidStackConfigException.class)
                .hasMessageContaining("twin.cdkCliVersion")
                .hasMessageContaining("'latest; rm -rf /'");
    }

    @Test
    void classify_takesTheSchemaVerdictFromTheClisOwnWords() {
        RuntimeException e =
                CdkCli.classify(
                        "deploy",
                        1,
                        List.of(
                                "This CDK CLI is not compatible with the CDK library used by your"
                                        + " application. Please upgrade the CLI to the latest version.",
                                "(Cloud assembly schema version mismatch: Maximum schema version"
                                        + " supported is 48.x.x, but found 52.0.0)"),
                        "2.1000.0");

        assertThat(e)
                .isInstanceOf(AssemblySchemaMismatchException.class)
                .hasMessageContaining("52.0.0")
                .hasMessageContaining("48.x")
                .hasMessageContaining("aws-cdk@2.1000.0");
    }

    @Test
    void classify_recognisesABucketThatFilledDuringTheDestroy() {
        RuntimeException e =
                CdkCli.classify(
                        "destroy",
                        1,
                        List.of(
                                "AccessLogs | DELETE_FAILED | AWS::S3::Bucket | The bucket you"
                                        + " tried to delete is not empty"),
                        "2.1000.0");

        assertThat(e).isInstanceOf(CdkCommandFailedException.class);
        assertThat(((CdkCommandFailedException) e).bucketNotEmpty()).isTrue();
    }
}
