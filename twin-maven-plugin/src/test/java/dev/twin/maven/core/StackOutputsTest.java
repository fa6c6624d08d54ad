package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.StackOutputNames;
import dev.twin.contract.TwinEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackOutputsTest {

    @TempDir Path dir;

    @Test
    void read_parsesTheCdkOutputsFileFormat() throws Exception {
        // Given a file as `cdk deploy --outputs-file` writes it
        Path file = dir.resolve("outputs.json");
        Files.writeString(
                file,
                """
                {"twin-ana-dev": {"FrontendBucketName": "site-bucket", "DistributionId": "E123", "ApiEndpoint": "https://x"}}
                """);

        // When
        StackOutputs outputs = StackOutputs.read(file, "twin-ana-dev").orElseThrow();

        // Then
        assertThat(outputs.frontendBucketName()).isEqualTo("site-bucket");
        assertThat(outputs.distributionId()).isEqualTo("E123");
        assertThat(outputs.get(StackOutputNames.API_ENDPOINT)).contains("https://x");
    }

    @Test
    void read_returnsEmpty_whenTheFileIsAbsent() {
        assertThat(StackOutputs.read(dir.resolve("nope.json"), "twin-ana-dev")).isEmpty();
    }

    @Test
    void read_rejectsAnOutputsFileOfAnotherStack() throws Exception {
        Path file = dir.resolve("outputs.json");
        Files.writeString(file, "{\"twin-bob-prod\": {\"FrontendBucketName\": \"b\"}}");

        assertThatThrownBy(() -> StackOutputs.read(file, "twin-ana-dev"))
                .isInstanceOf(OutputsFromAnotherStackException.class)
                .hasMessageContaining("twin-bob-prod")
                .hasMessageContaining("twin-ana-dev")
                .hasMessageContaining("-Dtwin.env");
    }

    @Test
    void read_rejectsBrokenJson_namingTheFile() throws Exception {
        Path file = dir.resolve("outputs.json");
        Files.writeString(file, "{not json");

        assertThatThrownBy(() -> StackOutputs.read(file, "twin-ana-dev"))
                .isInstanceOf(OutputsFileUnreadableException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void require_namesTheMissingOutputAndTheStack() {
        StackOutputs outputs = new StackOutputs("twin-ana-dev", Map.of());

        assertThatThrownBy(outputs::distributionId)
                .isInstanceOf(MissingStackOutputException.class)
                .hasMessageContaining("DistributionId")
                .hasMessageContaining("twin-ana-dev");
    }

    @Test
    void write_thenRead_roundTrips() {
        Path file = dir.resolve("twin/dev/outputs.json");
        StackOutputs written =
                new StackOutputs(
                        "twin-ana-dev", Map.of("MemoryBucketName", "mem", "DistributionId", "E1"));

        written.write(file);

        assertThat(StackOutputs.read(file, "twin-ana-dev")).contains(written);
    }

    @Test
    void stackName_rejectsNamesCloudFormationWouldRefuse() {
        assertThat(new StackName("ana", TwinEnvironment.PROD).value()).isEqualTo("twin-ana-prod");
        assertThatThrownBy(() -> new StackName("Ana Smith", TwinEnvironment.DEV))
                .isInstanceOf(InvalidTwinNameException.class)
                .hasMessageContaining("'Ana Smith'");
    }
}
