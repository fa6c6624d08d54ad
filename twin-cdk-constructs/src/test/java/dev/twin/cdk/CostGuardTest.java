package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.twin.contract.CdkContextKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The infrastructure half of the cost guard (docs/cost-guard.md): what bounds the model bill
 * account-wide.
 */
class CostGuardTest {

    static Template dev;
    static Template tuned;

    @BeforeAll
    static void synthesize() {
        dev = TestStacks.template(TestStacks.defaults().build());
        tuned =
                TestStacks.template(
                        TestStacks.defaults()
                                .apiRateLimit(3)
                                .apiBurstLimit(12)
                                .dailyModelCalls(250)
                                .dailyModelTokens(0)
                                .maxConcurrency(20)
                                .build());
    }

    @Test
    void api_throttlesEveryRoute_atTheSeeds1000PerSecondAnd2000Burst_byDefault() {
        assertThat(SecureDefaults.API_RATE_LIMIT).isEqualTo(1_000);
        assertThat(SecureDefaults.API_BURST_LIMIT).isEqualTo(2_000);
        dev.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 1_000, "ThrottlingBurstLimit", 2_000)));
        // no route overrides the stage's default
        dev.allResourcesProperties(
                "AWS::ApiGatewayV2::Stage", Map.of("RouteSettings", Match.absent()));
    }

    @Test
    void cdn_forwardsCloudFrontsViewerAddress_toTheApi_butNeverHost() {
        dev.hasResourceProperties(
                "AWS::CloudFront::OriginRequestPolicy",
                Map.of(
                        "OriginRequestPolicyConfig",
                        Match.objectLike(
                                Map.of(
                                        "HeadersConfig",
                                                Map.of(
                                                        "HeaderBehavior",
                                                        "whitelist",
                                                        "Headers",
                                                        List.of(
                                                                "Content-Type",
                                                                "Origin",
                                                                "Accept",
                                                                "CloudFront-Viewer-Address")),
                                        "CookiesConfig", Map.of("CookieBehavior", "none")))));
        assertThat(TwinCdn.API_FORWARDED_HEADERS)
                .noneMatch(h -> h.equalsIgnoreCase("host"))
                .noneMatch(h -> h.equalsIgnoreCase("x-forwarded-for"));
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "CacheBehaviors",
                                        Match.arrayWith(
                                                List.of(
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "PathPattern",
                                                                        "/api/*",
                                                                        "OriginRequestPolicyId",
                                                                        Map.of(
                                                                                "Ref",
                                                                                Match
                                                                                        .stringLikeRegexp(
                                                                                                "CdnApiOriginRequest.*"))))))))));
    }

    @Test
    void alarms_tellTheOwner_aboutAnHourOfHeavyTokenUse_andAnySpentDailyBudget() {
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Threshold",
                        SecureDefaults.MODEL_TOKENS_PER_HOUR_ALARM,
                        "ComparisonOperator",
                        "GreaterThanThreshold",
                        "AlarmActions",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*"))),
                        "Metrics",
                        Match.arrayWith(
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "Expression",
                                                        "FILL(input, 0) + FILL(output, 0)")),
                                        Match.objectLike(
                                                Map.of(
                                                        "Id",
                                                        "input",
                                                        "MetricStat",
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "Period",
                                                                        3600,
                                                                        "Stat",
                                                                        "Sum",
                                                                        "Metric",
                                                                        Match.objectLike(
                                                                                Map.of(
                                                                                        "MetricName",
                                                                                        "InputTokens",
                                                                                        "Namespace",
                                                                                        "DigitalTwin"))))))))));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "MetricName",
                        "Errors",
                        "Namespace",
                        "DigitalTwin",
                        "Threshold",
                        1,
                        "Dimensions",
                        Match.arrayWith(
                                List.of(
                                        Map.of(
                                                "Name",
                                                "ErrorCode",
                                                "Value",
                                                "daily_limit_reached"))),
                        "AlarmActions",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*")))));
    }

    @Test
    void reservedConcurrency_isNotSetByDefault_soNewAccountsCanDeploy() {
        // An account with the new-account concurrency quota of 10 cannot reserve any: Lambda keeps
        // 10 unreserved.
        dev.allResourcesProperties(
                "AWS::Lambda::Function", Map.of("ReservedConcurrentExecutions", Match.absent()));
    }

    @Test
    void maxConcurrency_becomesTheFunctionsReservedConcurrency_whenSet() {
        tuned.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Handler", SecureDefaults.HANDLER, "ReservedConcurrentExecutions", 20));
    }

    @Test
    void maxConcurrency_belowOne_isRefused_withTheValue() {
        assertThatThrownBy(() -> TestStacks.defaults().maxConcurrency(0).build())
                .isInstanceOf(InvalidTwinPropsException.class)
                .hasMessageContaining("maxConcurrency 0 must be at least 1");
    }

    @Test
    void dailyBudget_isLeftToTheRuntimesDefault_unlessSet() {
        dev.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        SecureDefaults.HANDLER,
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                "TWIN_DAILY_MODEL_CALLS",
                                                Match.absent(),
                                                "TWIN_DAILY_MODEL_TOKENS",
                                                Match.absent())))));
    }

    @Test
    void stackProps_apiLimitsAndDailyBudget_reachTheStageAndTheFunction() {
        tuned.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "DefaultRouteSettings",
                        Map.of("ThrottlingRateLimit", 3, "ThrottlingBurstLimit", 12)));
        tuned.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        SecureDefaults.HANDLER,
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                "TWIN_DAILY_MODEL_CALLS",
                                                "250",
                                                "TWIN_DAILY_MODEL_TOKENS",
                                                "0")))));
    }

    @Test
    void stackProps_rejectBadLimits_namingEachValue() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TestStacks.defaults()
                                        .apiRateLimit(0)
                                        .apiBurstLimit(-1)
                                        .dailyModelCalls(-5)
                                        .dailyModelTokens(-7)
                                        .build());
        assertThat(e.getMessage())
                .contains(
                        "apiRateLimit 0",
                        "apiBurstLimit -1",
                        "dailyModelCalls -5",
                        "dailyModelTokens -7");
    }

    @Test
    void twinApp_readsTheCostGuardFromContext_andNamesABadNumber() {
        Map<String, String> context =
                Map.of(
                        CdkContextKeys.TWIN_NAME,
                        "jane",
                        CdkContextKeys.ENV,
                        "dev",
                        CdkContextKeys.RUNTIME_JAR,
                        TestStacks.lambdaJar().toString(),
                        CdkContextKeys.API_RATE_LIMIT,
                        "2",
                        CdkContextKeys.DAILY_MODEL_CALLS,
                        "500");
        DigitalTwinStackProps props = TwinApp.stackProps(context::get, Map.of());
        assertThat(props.getApiRateLimit()).isEqualTo(2);
        assertThat(props.getApiBurstLimit()).isNull();
        assertThat(props.getDailyModelCalls()).isEqualTo(500);

        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () ->
                                TwinApp.stackProps(
                                        Map.of(
                                                        CdkContextKeys.TWIN_NAME,
                                                        "jane",
                                                        CdkContextKeys.ENV,
                                                        "dev",
                                                        CdkContextKeys.DAILY_MODEL_TOKENS,
                                                        "lots")
                                                ::get,
                                        Map.of()));
        assertThat(e.getMessage()).contains("dailyModelTokens 'lots'");
    }
}
