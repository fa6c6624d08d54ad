package dev.twin.cdk;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the stack may use in a region, checked at synth so CloudFormation never fails for a reason
 * the code could know: the default model's geography, SnapStart, and CloudFront standard logging to
 * a bucket of the region. Sources: docs/deploy-checklist.md.
 */
public final class RegionSupport {

    private RegionSupport() {}

    /**
     * Every commercial region the code knows (the synth matrix test covers each): the regions of
     * {@link BedrockModelId#GEOGRAPHIES} without GovCloud, plus the other commercial regions.
     */
    public static final List<String> COMMERCIAL_REGIONS =
            List.of(
                    "us-east-1",
                    "us-east-2",
                    "us-west-1",
                    "us-west-2",
                    "ca-central-1",
                    "ca-west-1",
                    "mx-central-1",
                    "sa-east-1",
                    "eu-central-1",
                    "eu-central-2",
                    "eu-north-1",
                    "eu-south-1",
                    "eu-south-2",
                    "eu-west-1",
                    "eu-west-2",
                    "eu-west-3",
                    "il-central-1",
                    "me-central-1",
                    "me-south-1",
                    "af-south-1",
                    "ap-east-1",
                    "ap-east-2",
                    "ap-northeast-1",
                    "ap-northeast-2",
                    "ap-northeast-3",
                    "ap-south-1",
                    "ap-south-2",
                    "ap-southeast-1",
                    "ap-southeast-2",
                    "ap-southeast-3",
                    "ap-southeast-4",
                    "ap-southeast-5",
                    "ap-southeast-6",
                    "ap-southeast-7");

    /**
     * Regions an account must opt in to. CloudFront standard logging (legacy) does not deliver to
     * buckets in these regions (the CloudFront developer guide names them one by one, and each
     * newer opt-in region was added to that list), so the stack does not turn it on there.
     */
    public static final Set<String> OPT_IN_REGIONS =
            Set.of(
                    "af-south-1",
                    "ap-east-1",
                    "ap-east-2",
                    "ap-south-2",
                    "ap-southeast-3",
                    "ap-southeast-4",
                    "ap-southeast-5",
                    "ap-southeast-6",
                    "ap-southeast-7",
                    "ca-west-1",
                    "eu-central-2",
                    "eu-south-1",
                    "eu-south-2",
                    "il-central-1",
                    "me-central-1",
                    "me-south-1",
                    "mx-central-1");

    /**
     * Regions where Lambda does not offer SnapStart (the Lambda developer guide's SnapStart page:
     * Asia Pacific (New Zealand) and Asia Pacific (Taipei)).
     */
    public static final Set<String> SNAPSTART_UNSUPPORTED = Set.of("ap-southeast-6", "ap-east-2");

    /**
     * Geographies whose cross-region inference profile carries the default model (Amazon Nova
     * Lite), broadest first; a region outside all of them has no known default.
     */
    static final List<String> DEFAULT_MODEL_GEOGRAPHIES = List.of("us", "eu", "apac");

    /** The default model, without a geography prefix. */
    public static final String DEFAULT_FOUNDATION_MODEL = "amazon.nova-lite-v1:0";

    /** Whether SnapStart can be turned on for a function in {@code region}. */
    public static boolean snapStartSupported(String region) {
        return !SNAPSTART_UNSUPPORTED.contains(region);
    }

    /** Whether CloudFront standard logging (legacy) delivers to a bucket in {@code region}. */
    public static boolean cloudFrontLogsSupported(String region) {
        return !OPT_IN_REGIONS.contains(region);
    }

    /**
     * The default Bedrock model for a stack in {@code region}: Nova Lite through the inference
     * profile of the region's geography; empty when no known profile serves the region.
     */
    public static Optional<String> defaultBedrockModel(String region) {
        return DEFAULT_MODEL_GEOGRAPHIES.stream()
                .filter(g -> BedrockModelId.GEOGRAPHIES.get(g).contains(region))
                .findFirst()
                .map(g -> g + "." + DEFAULT_FOUNDATION_MODEL);
    }

    /** The refusal for a region without a default model: what is wrong and what to set. */
    static String noDefaultModel(String region) {
        return "region "
                + region
                + " has no known cross-region inference profile for the default model "
                + DEFAULT_FOUNDATION_MODEL
                + " (known: "
                + String.join(", ", DEFAULT_MODEL_GEOGRAPHIES)
                + " regions): set -Dtwin.modelId=<a Bedrock model or inference-profile id offered in "
                + region
                + "> (context -c modelId=...; e.g. "
                + DEFAULT_FOUNDATION_MODEL
                + " where Bedrock offers it on demand), or use"
                + " -Dtwin.modelProvider=openai";
    }
}
