package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.TwinEnvironment;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.TwinLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesizerAppClassTest {

    @TempDir Path target;

    private final List<Path> classpath =
            Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(Path::of)
                    .toList();

    @Test
    void synthApp_runsTheProjectsAppClass_withOutdirAndTheTwinContext() throws Exception {
        // Given settings for the stack
        var settings =
                new StackSettings(
                        new StackName("ana", TwinEnvironment.STAGING),
                        Path.of("runtime.jar"),
                        Optional.of("eu-west-1"),
                        Optional.empty(),
                        Optional.of("openai"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("Ana María"));

        // When
        Path out =
                new Synthesizer(TwinLog.silent())
                        .synthApp(
                                FakeCdkApp.class.getName(),
                                classpath,
                                settings,
                                target.resolve("cdk.out"));

        // Then the app wrote its assembly where it was told, and saw the context TwinApp reads
        assertThat(out.resolve("manifest.json")).exists();
        var context = Json.MAPPER.readTree(Files.readString(out.resolve("context.json")));
        assertThat(context.path("twinName").asText()).isEqualTo("ana");
        assertThat(context.path("displayName").asText()).isEqualTo("Ana María");
        assertThat(context.path("env").asText()).isEqualTo("staging");
        assertThat(context.path("modelProvider").asText()).isEqualTo("openai");
        assertThat(context.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(Path.of(context.path("runtimeJar").asText())).isAbsolute();
    }

    @Test
    void synthApp_reportsAFailingApp_namingTheClass() {
        var settings =
                StackSettings.minimal(
                        new StackName("ana", TwinEnvironment.DEV), Path.of("runtime.jar"));
        var failing =
                new StackSettings(
                        settings.stack(),
                        settings.lambdaJar(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("fail-me"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());

        assertThatThrownBy(
                        () ->
                                new Synthesizer(TwinLog.silent())
                                        .synthApp(
                                                FakeCdkApp.class.getName(),
                                                classpath,
                                                failing,
                                                target.resolve("cdk.out")))
                .isInstanceOf(SynthFailedException.class)
                .hasMessageContaining(FakeCdkApp.class.getName())
                .hasMessageContaining("app failed on purpose");
    }
}
