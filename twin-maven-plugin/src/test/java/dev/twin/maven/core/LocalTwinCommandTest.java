package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalTwinCommandTest {

    @Test
    void command_startsTheJarWithTheFlagsThatAnswerFirstSoonest() {
        // Given
        LocalTwin.Config config =
                new LocalTwin.Config(
                        Path.of("target/twin-runtime-lambda.jar"),
                        Path.of("target/twin/local/site"),
                        Path.of("persona"),
                        Path.of("target/twin/local/memory"),
                        "Ada Quill",
                        8080,
                        "offline",
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ZERO);

        // When
        List<String> command = LocalTwin.command("/jdk/bin/java", config);

        // Then
        assertThat(command)
                .startsWith("/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(command).endsWith("-jar", "target/twin-runtime-lambda.jar");
        if (Runtime.version().feature() >= 19) {
            assertThat(command)
                    .contains("-XX:+AutoCreateSharedArchive")
                    .anySatisfy(
                            a ->
                                    assertThat(a)
                                            .startsWith("-XX:SharedArchiveFile=")
                                            .endsWith("twin-cds.jsa"));
        } else {
            assertThat(command).noneMatch(a -> a.contains("SharedArchive"));
        }
    }
}
