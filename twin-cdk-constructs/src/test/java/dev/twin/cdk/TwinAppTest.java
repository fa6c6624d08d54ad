package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.TwinEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Context keys map onto stack props; CDK_DEFAULT_* fill the account and region. */
class TwinAppTest {

    @Test
    void stackProps_readEveryContextKey() {
        Map<String, String> context =
                new HashMap<>(
                        Map.of(
                                "twinName",
                                "jane",
                                "env",
                                "prod",
                                "runtimeJar",
                                TestStacks.lambdaJar().toString(),
                                "modelProvider",
                                "openai",
                                "modelId",
                                "gpt-4.1",
                                "openAiBaseUrl",
                                "https://llm.example.com/v1",
                                "alarmEmail",
                                "ops@example.com",
                                "domainName",
                                "twin.example.com",
                                "certificateArn",
                                SecureDefaultsTest.CERT,
                                "apiKeySecretName",
                                "jane/prod/key"));
        context.put("conversationExpiryDays", "30");
        context.put("stackName", "jane-prod");

        DigitalTwinStackProps props =
                TwinApp.stackProps(
                        context::get,
                        Map.of(
                                "CDK_DEFAULT_ACCOUNT",
                                "123456789012",
                                "CDK_DEFAULT_REGION",
                                "eu-west-1"));

        assertThat(props.getTwinName()).isEqualTo("jane");
        assertThat(props.getEnvironment()).isEqualTo(TwinEnvironment.PROD);
        assertThat(props.getModelProvider()).isEqualTo(ModelProvider.OPENAI);
        assertThat(props.getModelId()).isEqualTo("gpt-4.1");
        assertThat(props.getOpenAiBaseUrl()).isEqualTo("https://llm.example.com/v1");
        assertThat(props.getAlarmEmail()).isEqualTo("ops@example.com");
        assertThat(props.getAllowedOrigin()).contains("https://twin.example.com");
        assertThat(props.getApiKeySecretName()).isEqualTo("jane/prod/key");
        assertThat(props.getConversationExpiryDays()).isEqualTo(30);
        assertThat(props.getStackName()).isEqualTo("jane-prod");
        assertThat(props.getEnv().getAccount()).isEqualTo("123456789012");
        assertThat(props.getEnv().getRegion()).isEqualTo("eu-west-1");
    }

    @Test
    void stackProps_acceptLambdaJarAsAnAlias_andStayEnvironmentAgnosticWithoutDefaults() {
        DigitalTwinStackProps props =
                TwinApp.stackProps(
                        Map.of(
                                        "twinName",
                                        "jane",
                                        "env",
                                        "dev",
                                        "lambdaJar",
                                        TestStacks.lambdaJar().toString())
                                ::get,
                        Map.of());
        assertThat(props.getLambdaJar()).isEqualTo(TestStacks.lambdaJar());
        assertThat(props.getEnv()).isNull();
    }

    @Test
    void stackProps_reportANonNumericExpiry() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TwinApp.stackProps(
                                        Map.of("conversationExpiryDays", "ninety")::get, Map.of()));
        assertThat(e.getMessage())
                .contains("conversationExpiryDays 'ninety' is not a whole number");
    }

    @Test
    void displayName_isWhatTheRuntimeAndTheDashboardUse_whileTwinNameStillNamesResources() {
        // Given: a display name with letters a resource name cannot hold
        DigitalTwinStackProps props =
                TwinApp.stackProps(
                        Map.of(
                                        "twinName",
                                        "zoe",
                                        "env",
                                        "dev",
                                        "displayName",
                                        "Zoë O'Brien",
                                        "runtimeJar",
                                        TestStacks.lambdaJar().toString())
                                ::get,
                        Map.of());

        // When
        Template template = TestStacks.template(props);

        // Then
        assertThat(props.getStackName()).isEqualTo("twin-zoe-dev");
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Match.objectLike(
                        Map.of(
                                "Environment",
                                Map.of(
                                        "Variables",
                                        Match.objectLike(
                                                Map.of(
                                                        "TWIN_NAME",
                                                        "Zoë O'Brien",
                                                        "TWIN_METRICS_NAME",
                                                        "zoe"))))));
        // CloudWatch dimension values must be ASCII: every alarm and widget uses the twin name
        assertThat(template.toJSON().toString()).doesNotContain("Value=Zoë");
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Dimensions",
                        Match.arrayWith(List.of(Map.of("Name", "TwinName", "Value", "zoe")))));
    }

    @Test
    void displayName_defaultsToTheTwinName() {
        DigitalTwinStackProps props =
                TwinApp.stackProps(
                        Map.of(
                                        "twinName",
                                        "jane",
                                        "env",
                                        "dev",
                                        "runtimeJar",
                                        TestStacks.lambdaJar().toString())
                                ::get,
                        Map.of());
        assertThat(props.getDisplayName()).isEqualTo("jane");
    }
}
