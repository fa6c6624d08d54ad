package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.TwinEnvironment;
import dev.twin.contract.TwinNames;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;

/** Bad props fail with one error that lists every problem, each with the bad value and the fix. */
class PropsValidationTest {

    @Test
    void build_reportsEveryProblemAtOnce_withTheBadValues() {
        // Given props with five independent mistakes
        DigitalTwinStackProps.Builder props =
                DigitalTwinStackProps.builder()
                        .twinName("Jane_Doe")
                        .environment("production")
                        .modelProvider("bedrock")
                        .modelId("nova lite")
                        .lambdaJar(Path.of("target/does-not-exist.jar"))
                        .domainName("twin.example.com");

        // When it is built
        InvalidTwinPropsException e =
                catchThrowableOfType(InvalidTwinPropsException.class, props::build);

        // Then one exception names each of them
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage())
                .contains("5 problems")
                .contains("twinName 'Jane_Doe' is not valid in resource names")
                .contains("Unknown environment 'production' — use one of dev, staging, prod")
                .contains("modelId 'nova lite' is neither a Bedrock model id")
                .contains("does-not-exist.jar does not exist")
                .contains("domainName and certificateArn go together");
    }

    @Test
    void build_namesMissingRequiredProps_andHowToSetThem() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () -> DigitalTwinStackProps.builder().build());
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage())
                .contains("twinName is missing")
                .contains("-c twinName=")
                .contains("environment is missing")
                .contains("lambdaJar is missing")
                .contains("runtimeJar");
    }

    @Test
    void build_rejectsUnknownProvider_insecureBaseUrl_andBadEmail() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TestStacks.defaults()
                                        .modelProvider("gpt")
                                        .openAiBaseUrl("http://llm.example.com")
                                        .alarmEmail("not-an-address")
                                        .build());
        assertThat(e.getMessage())
                .contains("modelProvider 'gpt' is unknown: use one of bedrock, openai, offline")
                .contains("openAiBaseUrl 'http://llm.example.com' must be an https:// URL")
                .contains("alarmEmail 'not-an-address'");
    }

    @Test
    void build_rejectsAProfileThatDoesNotServeTheStacksRegion() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TestStacks.defaults()
                                        .env(
                                                Environment.builder()
                                                        .account("123456789012")
                                                        .region("eu-west-1")
                                                        .build())
                                        .modelId("us.amazon.nova-lite-v1:0")
                                        .build());
        assertThat(e.getMessage())
                .contains("us.amazon.nova-lite-v1:0")
                .contains("eu-west-1")
                .contains("use the profile of the region's geography");
    }

    @Test
    void build_rejectsACertificateOutsideUsEast1() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TestStacks.defaults()
                                        .domainName("twin.example.com")
                                        .certificateArn(
                                                "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555")
                                        .build());
        assertThat(e.getMessage()).contains("not an ACM certificate ARN in us-east-1");
    }

    @Test
    void defaults_followTheEnvironmentAndRegion() {
        DigitalTwinStackProps dev = TestStacks.defaults().build();
        assertThat(dev.getModelProvider()).isEqualTo(ModelProvider.BEDROCK);
        assertThat(dev.getModelId()).isEqualTo("us.amazon.nova-lite-v1:0");
        assertThat(dev.getApiKeySecretName()).isEqualTo("digital-twin-chat/jane/dev/llm-api-key");
        assertThat(dev.getStackName())
                .isEqualTo("twin-jane-dev")
                .isEqualTo(TwinNames.stackName("jane", TwinEnvironment.DEV));
        assertThat(dev.getTerminationProtection()).isFalse();
        assertThat(dev.getAllowedOrigin()).isEmpty();

        DigitalTwinStackProps prodEu =
                TestStacks.defaults()
                        .environment("PROD")
                        .env(Environment.builder().region("eu-west-1").build())
                        .build();
        assertThat(prodEu.getEnvironment()).isEqualTo(TwinEnvironment.PROD);
        assertThat(prodEu.getModelId()).isEqualTo("eu.amazon.nova-lite-v1:0");
        assertThat(prodEu.getTerminationProtection()).isTrue();

        assertThat(TestStacks.defaults().modelProvider("openai").build().getModelId())
                .isEqualTo("gpt-4o-mini");
    }

    @Test
    void constructs_reportTheirOwnInvalidCombinations() {
        Stack stack = new Stack(new App(), "Constructs");
        InvalidTwinPropsException cdn =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                new TwinCdn(
                                        stack,
                                        "Cdn",
                                        TwinCdnProps.builder()
                                                .domainName("twin.example.com")
                                                .build()));
        assertThat(cdn.problems()).hasSize(2);
        assertThat(cdn.getMessage())
                .contains("frontendBucket is missing")
                .contains("domainName and certificateArn go together");

        InvalidTwinPropsException api =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                new TwinApi(
                                        stack,
                                        "Api",
                                        TwinApiProps.builder()
                                                .allowedOrigins(List.of("*"))
                                                .rateLimit(0)
                                                .build()));
        assertThat(api.getMessage())
                .contains("handler is missing")
                .contains("allowed origin '*'")
                .contains("rateLimit 0");

        InvalidTwinPropsException compute =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                new TwinCompute(
                                        stack,
                                        "Compute",
                                        TwinComputeProps.builder()
                                                .modelProvider(ModelProvider.OPENAI)
                                                .build()));
        assertThat(compute.getMessage())
                .contains("lambdaJar is missing")
                .contains("needs apiKeySecret");
    }
}
