package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/** The real CDK CLI reads what the constructs synthesize, and runs {@link TwinApp} as an app. */
class CdkCliTest {

    @Test
    void cdkLs_readsTheSynthesizedAssembly_andListsTheStack() throws Exception {
        // Given an assembly synthesized in-process, as the Maven plugin does
        Path out =
                TestStacks.TARGET
                        .resolve("cdk-cli")
                        .resolve(UUID.randomUUID().toString())
                        .toAbsolutePath();
        App app = TwinApp.newApp(out, Map.of());
        new DigitalTwinStack(app, TestStacks.defaults().environment("prod").build());
        app.synth();

        // When the CLI lists it
        CdkCli.Result ls = CdkCli.cdk(out, List.of("ls", "--app", out.toString()));

        // Then it reads the assembly and names the stack
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        assertThat(ls.output().lines()).contains("twin-jane-prod");
    }

    @Test
    void cdkSynth_runsTwinApp_fromContext() throws Exception {
        // Given TwinApp on a classpath, and context on the command line
        Path out =
                TestStacks.TARGET
                        .resolve("cdk-cli")
                        .resolve(UUID.randomUUID().toString())
                        .toAbsolutePath();
        Files.createDirectories(out);
        String app =
                "java -cp " + System.getProperty("java.class.path") + " " + TwinApp.class.getName();

        // When the CLI synthesizes it
        CdkCli.Result synth =
                CdkCli.cdk(
                        out,
                        List.of(
                                "synth",
                                "--app",
                                app,
                                "-o",
                                out.resolve("cdk.out").toString(),
                                "-c",
                                "twinName=jane",
                                "-c",
                                "env=staging",
                                "-c",
                                "runtimeJar=" + TestStacks.lambdaJar().toAbsolutePath(),
                                "-c",
                                "modelProvider=openai",
                                "--quiet"));

        // Then the stack's template is in the assembly with the context's values
        assertThat(synth.exitCode()).as(synth.output()).isZero();
        String template =
                Files.readString(out.resolve("cdk.out").resolve("twin-jane-staging.template.json"));
        assertThat(template)
                .contains("\"TWIN_MODEL_PROVIDER\": \"openai\"")
                .contains("digital-twin-chat/jane/staging/llm-api-key");
    }

    @Test
    void cdkSynth_reportsEveryBadContextValue_withoutAStackTrace() throws Exception {
        Path out =
                TestStacks.TARGET
                        .resolve("cdk-cli")
                        .resolve(UUID.randomUUID().toString())
                        .toAbsolutePath();
        Files.createDirectories(out);
        String app =
                "java -cp " + System.getProperty("java.class.path") + " " + TwinApp.class.getName();

        CdkCli.Result synth =
                CdkCli.cdk(
                        out,
                        List.of(
                                "synth",
                                "--app",
                                app,
                                "-o",
                                out.resolve("cdk.out").toString(),
                                "-c",
                                "twinName=Jane Doe",
                                "-c",
                                "env=qa",
                                "--quiet"));

        assertThat(synth.exitCode()).isNotZero();
        assertThat(synth.output())
                .contains("twinName 'Jane Doe'")
                .contains("Unknown environment 'qa'")
                .contains("lambdaJar is missing")
                .doesNotContain("\tat dev.twin");
    }
}
