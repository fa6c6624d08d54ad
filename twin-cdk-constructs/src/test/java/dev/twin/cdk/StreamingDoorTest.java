package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The streaming door (docs/streaming.md): a function URL on the alias behind the same distribution,
 * signed by a Lambda origin access control, for {@code /api/chat/stream} only.
 */
class StreamingDoorTest {

    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    static Template dev;

    @BeforeAll
    static void synth() {
        dev = TestStacks.template(TestStacks.defaults().build());
    }

    @Test
    void functionUrl_onTheAlias_streams_andNeedsIam() {
        dev.hasResourceProperties(
                "AWS::Lambda::Url",
                Map.of(
                        "AuthType", "AWS_IAM",
                        "InvokeMode", "RESPONSE_STREAM",
                        "Qualifier", Match.anyValue()));
        assertThat(dev.findResources("AWS::Lambda::Url")).hasSize(1);
    }

    @Test
    void onlyThisDistribution_mayInvokeTheUrl() {
        Map<String, Map<String, Object>> permissions =
                dev.findResources(
                        "AWS::Lambda::Permission",
                        Map.of("Properties", Map.of("Action", "lambda:InvokeFunctionUrl")));
        assertThat(permissions).isNotEmpty();
        permissions
                .values()
                .forEach(
                        p -> {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> props = (Map<String, Object>) p.get("Properties");
                            assertThat(props.get("Principal"))
                                    .isEqualTo("cloudfront.amazonaws.com");
                            assertThat(String.valueOf(props.get("FunctionName")))
                                    .contains("ComputeAliasFunctionUrl");
                            assertThat(String.valueOf(props.get("SourceArn")))
                                    .contains("distribution/")
                                    .contains("Distribution");
                        });
    }

    @Test
    void streamBehaviour_comesBeforeTheApi_isUncached_andForwardsNoHost() {
        dev.hasResourceProperties(
                "AWS::CloudFront::OriginAccessControl",
                Map.of(
                        "OriginAccessControlConfig",
                        Map.of(
                                "OriginAccessControlOriginType", "lambda",
                                "SigningBehavior", "always",
                                "SigningProtocol", "sigv4")));
        Map<String, Map<String, Object>> distributions =
                dev.findResources("AWS::CloudFront::Distribution");
        @SuppressWarnings("unchecked")
        Map<String, Object> config =
                (Map<String, Object>)
                        ((Map<String, Object>)
                                        distributions.values().iterator().next().get("Properties"))
                                .get("DistributionConfig");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> behaviours =
                (List<Map<String, Object>>) config.get("CacheBehaviors");
        List<Object> patterns = behaviours.stream().map(b -> b.get("PathPattern")).toList();
        assertThat(patterns).containsSubsequence("/api/chat/stream", "/api/*");
        Map<String, Object> stream = behaviours.get(patterns.indexOf("/api/chat/stream"));
        assertThat(stream)
                .containsEntry("CachePolicyId", CACHING_DISABLED)
                .containsEntry("OriginRequestPolicyId", ALL_VIEWER_EXCEPT_HOST)
                .containsEntry("ViewerProtocolPolicy", "redirect-to-https");
        assertThat(String.valueOf(stream.get("AllowedMethods"))).contains("POST");
    }
}
