package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The synth matrix: every commercial region the code knows, default props, either synthesizes a
 * template CloudFormation can create there (the default model of the region's geography, SnapStart
 * only where offered, CloudFront logs only where delivered, CloudFront names with the region) or is
 * refused with a clear message. One JVM and one jsii process for all regions.
 */
class RegionMatrixTest {

    private static long started;
    private static double warmUpSeconds;

    static List<String> regions() {
        return RegionSupport.COMMERCIAL_REGIONS;
    }

    @BeforeAll
    static void start() {
        // jsii and the CDK classes load once per JVM (shared with every other test class); the
        // matrix's own cost is measured after that.
        long t = System.nanoTime();
        TestStacks.template(TestStacks.defaults().build());
        warmUpSeconds = (System.nanoTime() - t) / 1e9;
        started = System.nanoTime();
    }

    @AfterAll
    static void report() {
        System.out.printf(
                "RegionMatrixTest: %d regions in %.1f s (after a %.1f s warm-up of jsii)%n",
                regions().size(), (System.nanoTime() - started) / 1e9, warmUpSeconds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void defaultStack_synthesizesForTheRegion_orIsRefusedWithTheFix(String region) {
        DigitalTwinStackProps.Builder builder =
                TestStacks.defaults()
                        .environment("prod")
                        .env(Environment.builder().account("123456789012").region(region).build());
        Optional<String> model = RegionSupport.defaultBedrockModel(region);
        if (model.isEmpty()) {
            InvalidTwinPropsException e =
                    catchThrowableOfType(InvalidTwinPropsException.class, builder::build);
            assertThat(e).as(region + " must be refused").isNotNull();
            assertThat(e.getMessage()).contains(region).contains("set -Dtwin.modelId=");
            return;
        }
        Template template = TestStacks.template(builder.build());

        template.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Handler",
                        SecureDefaults.HANDLER,
                        "Environment",
                        Map.of("Variables", Match.objectLike(Map.of("TWIN_MODEL_ID", model.get()))),
                        "SnapStart",
                        RegionSupport.snapStartSupported(region)
                                ? Map.of("ApplyOn", "PublishedVersions")
                                : Match.absent()));
        template.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "Logging",
                                        RegionSupport.cloudFrontLogsSupported(region)
                                                ? Match.objectLike(Map.of())
                                                : Match.absent()))));
        template.hasResourceProperties(
                "AWS::CloudFront::OriginAccessControl",
                Map.of(
                        "OriginAccessControlConfig",
                        Match.objectLike(Map.of("Name", "twin-jane-prod-site-oac-" + region))));
        // the role may invoke the profile from this region, and the model only in its geography
        String json = template.toJSON().toString();
        assertThat(json)
                .contains(":bedrock:" + region + ":123456789012:inference-profile/" + model.get());
        String geography = model.get().substring(0, model.get().indexOf('.'));
        for (String other : RegionSupport.COMMERCIAL_REGIONS) {
            if (!BedrockModelId.GEOGRAPHIES.get(geography).contains(other)) {
                assertThat(json).doesNotContain(":bedrock:" + other + "::foundation-model/");
            }
        }
    }
}
