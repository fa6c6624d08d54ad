package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Each construct works on its own, with its documented defaults, outside DigitalTwinStack. */
class ConstructsStandaloneTest {

    @Test
    void everyConstruct_synthesizesAlone_withItsDefaults() {
        // Given each construct in a plain stack with only the props that have no default
        Stack stack = new Stack(TestStacks.newApp(), "Standalone");
        TwinStorage storage = new TwinStorage(stack, "Storage");
        TwinSecrets secrets = new TwinSecrets(stack, "Secrets");
        TwinIam iam = new TwinIam(stack, "Iam");
        TwinCompute compute =
                new TwinCompute(
                        stack,
                        "Compute",
                        TwinComputeProps.builder().lambdaJar(TestStacks.lambdaJar()).build());
        TwinApi api =
                new TwinApi(
                        stack, "Api", TwinApiProps.builder().handler(compute.getAlias()).build());
        TwinCdn cdn =
                new TwinCdn(
                        stack,
                        "Cdn",
                        TwinCdnProps.builder().frontendBucket(storage.getFrontendBucket()).build());
        TwinMonitoring monitoring = new TwinMonitoring(stack, "Monitoring");

        // When synthesized
        Template template = Template.fromStack(stack);

        // Then the defaults are the safe ones: data retained, a role that can only write its own
        // logs,
        // no CORS, no API behavior without an API, and a monitoring key of its own
        template.allResources("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain"));
        template.allResources("AWS::SecretsManager::Secret", Map.of("DeletionPolicy", "Retain"));
        template.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of("Name", TwinSecretsProps.DEFAULT_SECRET_NAME));
        template.resourceCountIs("AWS::IAM::Role", 2);
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "Sid",
                                                        "WriteOwnLogs",
                                                        "Action",
                                                        List.of(
                                                                "logs:CreateLogStream",
                                                                "logs:PutLogEvents")))))));
        template.hasResourceProperties(
                "AWS::ApiGatewayV2::Api", Map.of("CorsConfiguration", Match.absent()));
        template.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "Logging", Match.absent(),
                                        "CacheBehaviors",
                                                Match.not(
                                                        Match.arrayWith(
                                                                List.of(
                                                                        Match.objectLike(
                                                                                Map.of(
                                                                                        "PathPattern",
                                                                                        "/api/*")))))))));
        template.resourceCountIs("AWS::KMS::Key", 2);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 0);
        assertThat(iam.getRole()).isNotNull();
        assertThat(
                        List.of(
                                secrets.getKey(),
                                api.getStage(),
                                cdn.getDistribution(),
                                monitoring.getDashboard()))
                .doesNotContainNull();
    }
}
