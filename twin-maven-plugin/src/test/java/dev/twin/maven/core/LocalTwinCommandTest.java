package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTwinCommandTest {

    @TempDir Path dir;

    private LocalTwin.Config config() throws IOException {
        Path jar = Files.writeString(dir.resolve("twin-runtime-lambda.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        return new LocalTwin.Config(
                jar,
                dir.resolve("local/site"),
                Path.of("persona"),
                dir.resolve("local/memory"),
                "Ada Quill",
                8080,
                "offline",
                Optional.empty(),
                Optional.empty(),
                Duration.ZERO);
    }

    private Path archive() {
        return dir.resolve("local/twin-cds.jsa");
    }

    @Test
    void command_onJdk19Plus_startsTheJarWithC1SerialGcAndAnAutoCreatedArchive()
            throws IOException {
        // Given
        LocalTwin.Config config = config();

        // When
        List<String> command = LocalTwin.command("/jdk/bin/java", config, 25);

        // Then
        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + archive(),
                        "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off",
                        "-jar",
                        config.lambdaJar().toString());
    }

    @Test
    void command_onJdk17WithoutAnArchive_writesOneAtExit() throws IOException {
        // Given no archive yet
        LocalTwin.Config config = config();

        // When
        List<String> command = LocalTwin.command("/jdk/bin/java", config, 17);

        // Then
        assertThat(command)
                .contains("-XX:ArchiveClassesAtExit=" + archive())
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"))
                .endsWith("-jar", config.lambdaJar().toString());
    }

    @Test
    void command_onJdk17WithAnArchiveNewerThanTheJar_mapsIt() throws IOException {
        // Given an archive written after the jar
        LocalTwin.Config config = config();
        Files.createDirectories(archive().getParent());
        Files.writeString(archive(), "archive");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2026-02-01T00:00:00Z")));

        // When
        List<String> command = LocalTwin.command("/jdk/bin/java", config, 17);

        // Then
        assertThat(command)
                .contains("-XX:SharedArchiveFile=" + archive())
                .noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
    }

    @Test
    void command_onJdk17WithAnArchiveOlderThanTheJar_writesANewOne() throws IOException {
        // Given an archive of an earlier runtime jar
        LocalTwin.Config config = config();
        Files.createDirectories(archive().getParent());
        Files.writeString(archive(), "archive");
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.parse("2025-12-01T00:00:00Z")));

        // When
        List<String> command = LocalTwin.command("/jdk/bin/java", config, 17);

        // Then
        assertThat(command)
                .contains("-XX:ArchiveClassesAtExit=" + archive())
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }
}
