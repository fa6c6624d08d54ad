package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What a first real deploy would meet and the stand-ins cannot see (issue 17): the alarm topic's
 * policy, the default model per region, secret and CloudFront names that do not collide, SnapStart
 * and CloudFront logging per region.
 */
class FirstDeployTest {

    private static final String ACCOUNT = "123456789012";

    private static DigitalTwinStackProps.Builder inRegion(String region) {
        return TestStacks.defaults()
                .env(Environment.builder().account(ACCOUNT).region(region).build());
    }

    // --- 1. alarm e-mails
    // -----------------------------------------------------------------------------------

    @Test
    void alarmTopicPolicy_deniesPlainHttp_andAllowsOnlyCloudWatchOfThisAccountToPublish() {
        // Given the default stack pinned to an account
        Template template = TestStacks.template(inRegion("eu-west-1").build());

        // When the topic policy is read statement by statement
        // (the owner's topic has a policy of its own: only the function's role publishes there)
        Map<String, Map<String, Object>> policies =
                new HashMap<>(template.findResources("AWS::SNS::TopicPolicy"));
        policies.keySet().removeIf(id -> !id.startsWith("MonitoringAlarmTopicPolicy"));
        assertThat(policies).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> statements =
                (List<Map<String, Object>>)
                        ((Map<String, Object>)
                                        ((Map<String, Object>)
                                                        policies.values()
                                                                .iterator()
                                                                .next()
                                                                .get("Properties"))
                                                .get("PolicyDocument"))
                                .get("Statement");

        // Then there are exactly two: the TLS deny and CloudWatch's allow
        assertThat(statements).hasSize(2);
        Map<String, Object> deny = statements.get(0);
        assertThat(deny)
                .containsEntry("Effect", "Deny")
                .containsEntry("Action", "sns:Publish")
                .containsEntry("Principal", "*")
                .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        Map<String, Object> allow = statements.get(1);
        assertThat(allow)
                .containsEntry("Sid", "AllowCloudWatchAlarms")
                .containsEntry("Effect", "Allow")
                .containsEntry("Action", "sns:Publish")
                .containsEntry("Principal", Map.of("Service", "cloudwatch.amazonaws.com"))
                .containsEntry(
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", ACCOUNT)));
        assertThat(allow.get("Resource")).isEqualTo(Map.of("Ref", topicLogicalId(template)));
    }

    @Test
    void alarmTopicPolicy_inAnEnvironmentAgnosticStack_conditionsOnTheDeployingAccount() {
        Template template = TestStacks.template(TestStacks.defaults().build());
        template.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Effect",
                                        "Allow",
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of(
                                                        "aws:SourceAccount",
                                                        Map.of("Ref", "AWS::AccountId")))))));
    }

    private static String topicLogicalId(Template template) {
        // the alarm topic, not the owner's
        return template.findResources("AWS::SNS::Topic").keySet().stream()
                .filter(id -> id.startsWith("MonitoringAlarmTopic"))
                .findFirst()
                .orElseThrow();
    }

    // --- 2. the default model follows the region
    // ------------------------------------------------------------

    static Stream<Arguments> regionsAndDefaultModels() {
        return Stream.of(
                Arguments.of("us-east-1", "us.amazon.nova-lite-v1:0"),
                Arguments.of("us-west-2", "us.amazon.nova-lite-v1:0"),
                Arguments.of("eu-west-1", "eu.amazon.nova-lite-v1:0"),
                Arguments.of("eu-central-1", "eu.amazon.nova-lite-v1:0"),
                Arguments.of("ap-northeast-1", "apac.amazon.nova-lite-v1:0"),
                Arguments.of("ap-southeast-2", "apac.amazon.nova-lite-v1:0"),
                Arguments.of("sa-east-1", null),
                Arguments.of("me-central-1", null),
                Arguments.of("ca-central-1", null));
    }

    @ParameterizedTest
    @MethodSource("regionsAndDefaultModels")
    void defaultModel_followsTheRegionsGeography_orIsRefusedWithTheFix(
            String region, String expected) {
        if (expected == null) {
            InvalidTwinPropsException e =
                    catchThrowableOfType(
                            InvalidTwinPropsException.class, () -> inRegion(region).build());
            assertThat(e.getMessage())
                    .contains("region " + region)
                    .contains("set -Dtwin.modelId=")
                    .contains("-c modelId=");
            // the fix works: an explicit model id is accepted there
            assertThat(inRegion(region).modelId("amazon.nova-lite-v1:0").build().getModelId())
                    .isEqualTo("amazon.nova-lite-v1:0");
        } else {
            DigitalTwinStackProps props = inRegion(region).build();
            assertThat(props.getModelId()).isEqualTo(expected);
            List<String> arns =
                    props.getBedrockModel().orElseThrow().invokeArns("aws", region, ACCOUNT);
            assertThat(arns.get(0))
                    .isEqualTo(
                            "arn:aws:bedrock:"
                                    + region
                                    + ":"
                                    + ACCOUNT
                                    + ":inference-profile/"
                                    + expected);
            assertThat(arns.subList(1, arns.size()))
                    .allSatisfy(
                            arn ->
                                    assertThat(arn)
                                            .endsWith("::foundation-model/amazon.nova-lite-v1:0"))
                    .anySatisfy(arn -> assertThat(arn).contains(":bedrock:" + region + "::"));
        }
    }

    @Test
    void defaultModel_withoutARegion_isTheUsProfile_andTheSynthWarnsThatItCannotCheck() {
        DigitalTwinStack stack = TestStacks.stack(TestStacks.defaults().build());
        assertThat(stack.getProps().getModelId()).isEqualTo("us.amazon.nova-lite-v1:0");
        Annotations.fromStack(stack)
                .hasWarning("*", Match.stringLikeRegexp(".*region is not known at synth.*"));
    }

    // --- 4. a second twin, or a second region, does not collide
    // --------------------------------------------

    @Test
    void secretName_isUniquePerTwinAndEnvironment_andTheSeedsNameIsAnExplicitSetting() {
        assertThat(TestStacks.defaults().build().getApiKeySecretName())
                .isEqualTo("digital-twin-chat/jane/dev/llm-api-key");
        assertThat(TestStacks.defaults().twinName("ada").build().getApiKeySecretName())
                .isEqualTo("digital-twin-chat/ada/dev/llm-api-key");
        assertThat(
                        TestStacks.defaults()
                                .apiKeySecretName(DigitalTwinStackProps.SEED_API_KEY_SECRET_NAME)
                                .environment("prod")
                                .build()
                                .getApiKeySecretName())
                .isEqualTo("digital-twin-chat/prod/llm-api-key");
    }

    @Test
    void adoptedSecret_isNotCreated_andTheFunctionReadsItByNameWithItsKey() {
        // Given a staging twin redeployed after its stack was deleted (the secret was retained)
        String keyArn =
                "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
        Template template =
                TestStacks.template(
                        inRegion("eu-west-1")
                                .environment("staging")
                                .modelProvider("openai")
                                .adoptApiKeySecret(true)
                                .apiKeySecretKeyArn(keyArn)
                                .build());

        // Then no secret is created (CloudFormation would fail: "already exists")
        template.resourcePropertiesCountIs(
                "AWS::SecretsManager::Secret",
                Map.of("Name", "digital-twin-chat/jane/staging/llm-api-key"),
                0);
        template.resourcePropertiesCountIs(
                "AWS::SecretsManager::Secret",
                Map.of("Description", Match.stringLikeRegexp(".*OpenAI-compatible.*")),
                0);
        String json = template.toJSON().toString();
        assertThat(json)
                .contains(
                        ":secretsmanager:eu-west-1:"
                                + ACCOUNT
                                + ":secret:digital-twin-chat/jane/staging/llm-api-key");
        template.hasOutput("ApiKeySecretArn", Match.objectLike(Map.of()));
        // and the role may read exactly that secret and decrypt with its key through Secrets
        // Manager only
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "ReadApiKey",
                                        "Resource",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(
                                                                "arn:",
                                                                Map.of("Ref", "AWS::Partition"),
                                                                ":secretsmanager:eu-west-1:"
                                                                        + ACCOUNT
                                                                        + ":secret:digital-twin-chat/jane/staging/llm-api-key-??????"))))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "DecryptApiKey",
                                        "Resource",
                                        keyArn,
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of(
                                                        "kms:ViaService",
                                                        "secretsmanager.eu-west-1.amazonaws.com"))))));
    }

    @Test
    void adoptedSecretKey_mustBeAKmsKeyArn_andNeedsAdoption() {
        InvalidTwinPropsException e =
                catchThrowableOfType(
                        InvalidTwinPropsException.class,
                        () -> TestStacks.defaults().apiKeySecretKeyArn("alias/twin").build());
        assertThat(e.getMessage())
                .contains("apiKeySecretKeyArn 'alias/twin' is not a KMS key ARN")
                .contains("describe-secret")
                .contains("adoptApiKeySecret is not");
    }

    @Test
    void cloudFrontPoliciesAndOac_carryTheStackAndRegion_soTwoRegionsDoNotCollide() {
        List<String> eu = cloudFrontNames(TestStacks.template(inRegion("eu-west-1").build()));
        List<String> us = cloudFrontNames(TestStacks.template(inRegion("us-east-1").build()));
        // three policies and two OACs (the site bucket's and the streaming function URL's)
        assertThat(eu)
                .hasSize(5)
                .allSatisfy(n -> assertThat(n).startsWith("twin-jane-dev-").endsWith("-eu-west-1"));
        assertThat(us).hasSize(5).allSatisfy(n -> assertThat(n).endsWith("-us-east-1"));
        assertThat(eu).doesNotContainAnyElementsOf(us);
        // the OAC name fits CloudFront's 64 characters even for the longest stack name
        String longName = "twin-" + "a".repeat(24) + "-staging";
        List<String> longNames =
                cloudFrontNames(
                        TestStacks.template(
                                inRegion("ap-southeast-4")
                                        .twinName("a".repeat(24))
                                        .environment("staging")
                                        .build()));
        assertThat(longNames).allSatisfy(n -> assertThat(n).startsWith(longName));
        assertThat(longNames.subList(3, 5))
                .allSatisfy(n -> assertThat(n).hasSizeLessThanOrEqualTo(64));
    }

    @Test
    void cloudFrontNames_inAnEnvironmentAgnosticStack_includeTheDeployRegion() {
        String json = TestStacks.template(TestStacks.defaults().build()).toJSON().toString();
        assertThat(json).contains("twin-jane-dev-site-oac-").contains("Ref=AWS::Region");
    }

    /** Security headers, static-asset cache, API origin request, OAC names, in that order. */
    private static List<String> cloudFrontNames(Template template) {
        List<String> names = new ArrayList<>();
        names.add(
                name(
                        template,
                        "AWS::CloudFront::ResponseHeadersPolicy",
                        "ResponseHeadersPolicyConfig"));
        names.add(name(template, "AWS::CloudFront::CachePolicy", "CachePolicyConfig"));
        names.add(
                name(
                        template,
                        "AWS::CloudFront::OriginRequestPolicy",
                        "OriginRequestPolicyConfig"));
        names.addAll(
                names(
                        template,
                        "AWS::CloudFront::OriginAccessControl",
                        "OriginAccessControlConfig"));
        return names;
    }

    private static String name(Template template, String type, String config) {
        List<String> names = names(template, type, config);
        assertThat(names).as(type).hasSize(1);
        return names.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Template template, String type, String config) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> resource : template.findResources(type).values()) {
            Map<String, Object> props = (Map<String, Object>) resource.get("Properties");
            names.add(String.valueOf(((Map<String, Object>) props.get(config)).get("Name")));
        }
        return names;
    }

    // --- 5. ASCII dimensions
    // -----------------------------------------------------------------------------------

    @Test
    void standaloneMonitoring_usesTheStackSafeName_forEveryDimension() {
        Stack stack = new Stack(new App(), "Monitoring");
        new TwinMonitoring(
                stack, "Monitoring", TwinMonitoringProps.builder().twinName("Zoë O'Brien").build());
        String json = Template.fromStack(stack).toJSON().toString();
        assertThat(json).contains("zoe-o-brien").doesNotContain("Zoë");
    }

    // --- 6. SnapStart and 8. CloudFront logs, per region
    // --------------------------------------------------

    @Test
    void snapStart_isOffWithAWarning_whereLambdaDoesNotOfferIt() {
        DigitalTwinStack stack =
                TestStacks.stack(
                        inRegion("ap-southeast-6").modelId("amazon.nova-lite-v1:0").build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("Handler", SecureDefaults.HANDLER, "SnapStart", Match.absent()));
        Annotations.fromStack(stack)
                .hasWarning(
                        "*",
                        Match.stringLikeRegexp(".*SnapStart is not offered in ap-southeast-6.*"));
        // and on where it is offered
        Template.fromStack(TestStacks.stack(inRegion("eu-west-1").build()))
                .hasResourceProperties(
                        "AWS::Lambda::Function",
                        Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void cloudFrontLogging_isOffWithAWarning_inOptInRegions() {
        DigitalTwinStack stack = TestStacks.stack(inRegion("ap-southeast-3").build());
        Template.fromStack(stack)
                .hasResourceProperties(
                        "AWS::CloudFront::Distribution",
                        Map.of(
                                "DistributionConfig",
                                Match.objectLike(Map.of("Logging", Match.absent()))));
        Annotations.fromStack(stack)
                .hasWarning(
                        "*",
                        Match.stringLikeRegexp(
                                ".*CloudFront standard logging does not deliver to buckets in ap-southeast-3.*"));
    }
}
