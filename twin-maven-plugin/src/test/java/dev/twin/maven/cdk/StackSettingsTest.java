package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.CdkContextKeys;
import dev.twin.contract.TwinEnvironment;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.TwinLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    private static final StackName STACK = new StackName("ana", TwinEnvironment.PROD);

    private static StackSettings withCostGuard(Path jar, Map<String, String> costGuard) {
        return new StackSettings(
                STACK,
                jar,
                Optional.of("eu-west-1"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                costGuard);
    }

    @Test
    void context_carriesTheCostGuard_underTheKeysTwinAppReads() {
        // Given -Dtwin.apiRateLimit=2 -Dtwin.dailyModelCalls=300
        StackSettings settings =
                withCostGuard(
                        Path.of("runtime.jar"),
                        Map.of("apiRateLimit", "2", "dailyModelCalls", " 300 "));

        // When / Then the context has them (stripped), and leaves the others to TwinApp's defaults
        assertThat(settings.context())
                .containsEntry("apiRateLimit", "2")
                .containsEntry("dailyModelCalls", "300")
                .doesNotContainKeys("apiBurstLimit", "dailyModelTokens");
    }

    @Test
    void context_withoutACostGuard_leavesEveryLimitToTheDefaults() {
        assertThat(StackSettings.minimal(STACK, Path.of("runtime.jar")).context())
                .doesNotContainKeys(CdkContextKeys.COST_GUARD.toArray(String[]::new));
    }

    @Test
    void constructor_refusesAnUnknownCostGuardKey_namingTheKnownOnes() {
        assertThatThrownBy(
                        () -> withCostGuard(Path.of("runtime.jar"), Map.of("dailyBudgetUsd", "5")))
                .hasMessageContaining("dailyBudgetUsd")
                .hasMessageContaining("dailyModelCalls");
    }

    @Test
    void synthDefault_reportsABadCostGuardValue_namingItAndTheValue(@TempDir Path dir)
            throws Exception {
        // Given -Dtwin.dailyModelCalls=lots
        Path jar = Files.write(dir.resolve("twin-runtime-lambda.jar"), new byte[] {'P', 'K'});
        StackSettings settings = withCostGuard(jar, Map.of("dailyModelCalls", "lots"));

        // When / Then synthesis stops before writing an assembly, naming the value
        assertThatThrownBy(
                        () ->
                                new Synthesizer(TwinLog.silent())
                                        .synthDefault(settings, dir.resolve("cdk.out")))
                .isInstanceOf(InvalidStackConfigException.class)
                .hasMessageContaining("dailyModelCalls")
                .hasMessageContaining("lots");
    }

    @Test
    void synthDefault_pinsTheOriginSecretVersion_thatTheDeployFound(@TempDir Path dir)
            throws Exception {
        // Given the version twin:deploy found current
        Path jar = Files.write(dir.resolve("twin-runtime-lambda.jar"), new byte[] {'P', 'K'});
        String version = "0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e";
        StackSettings settings =
                withCostGuard(jar, Map.of(CdkContextKeys.ORIGIN_SECRET_VERSION, version));

        // When
        Path cdkOut =
                new Synthesizer(TwinLog.silent()).synthDefault(settings, dir.resolve("cdk.out"));

        // Then the header CloudFront sends resolves exactly that version
        String template = Files.readString(cdkOut.resolve(STACK.value() + ".template.json"));
        assertThat(template).contains(":SecretString:current::" + version + "}}");
    }
}
