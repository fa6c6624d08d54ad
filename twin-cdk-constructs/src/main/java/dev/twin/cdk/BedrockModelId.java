package dev.twin.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bedrock model id or cross-region inference-profile id, and the exact ARNs that invoking it
 * needs.
 *
 * <p>{@code amazon.nova-lite-v1:0} is a foundation model; {@code us.amazon.nova-lite-v1:0} is an
 * inference profile that routes to that model in any region of its geography, so the role must be
 * allowed to invoke the profile and the foundation model in each of those regions (and nothing
 * else).
 */
public record BedrockModelId(String value, Optional<String> geography, String foundationModelId) {

    private static final Pattern FOUNDATION =
            Pattern.compile("[a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9._:-]*");

    /**
     * Geography prefixes of system-defined cross-region inference profiles and the regions they
     * route to.
     */
    static final Map<String, List<String>> GEOGRAPHIES =
            Map.of(
                    "us", List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2"),
                    "us-gov", List.of("us-gov-east-1", "us-gov-west-1"),
                    "eu",
                            List.of(
                                    "eu-central-1",
                                    "eu-central-2",
                                    "eu-north-1",
                                    "eu-south-1",
                                    "eu-south-2",
                                    "eu-west-1",
                                    "eu-west-2",
                                    "eu-west-3"),
                    "apac",
                            List.of(
                                    "ap-northeast-1",
                                    "ap-northeast-2",
                                    "ap-northeast-3",
                                    "ap-south-1",
                                    "ap-south-2",
                                    "ap-southeast-1",
                                    "ap-southeast-2",
                                    "ap-southeast-3",
                                    "ap-southeast-4"),
                    "jp", List.of("ap-northeast-1", "ap-northeast-3"),
                    "au", List.of("ap-southeast-2", "ap-southeast-4"),
                    "ca", List.of("ca-central-1", "ca-west-1"),
                    // a global profile may route to any commercial region; IAM names that with an
                    // empty region
                    "global", List.of());

    private static final Pattern PROFILE =
            Pattern.compile("(us-gov|us|eu|apac|jp|au|ca|global)\\.(" + FOUNDATION.pattern() + ")");

    public BedrockModelId {
        if (value == null
                || !(PROFILE.matcher(value).matches() || FOUNDATION.matcher(value).matches())) {
            throw new IllegalArgumentException(problem(value));
        }
    }

    /** Parses a model or profile id; empty when it is neither. */
    public static Optional<BedrockModelId> parse(String value) {
        if (value == null || value.length() > 128) {
            return Optional.empty();
        }
        Matcher profile = PROFILE.matcher(value);
        if (profile.matches()) {
            return Optional.of(
                    new BedrockModelId(value, Optional.of(profile.group(1)), profile.group(2)));
        }
        if (FOUNDATION.matcher(value).matches()) {
            return Optional.of(new BedrockModelId(value, Optional.empty(), value));
        }
        return Optional.empty();
    }

    /** The validation message for a value that is neither a model nor a profile id. */
    static String problem(String value) {
        return "modelId '"
                + value
                + "' is neither a Bedrock model id (provider.model, e.g. amazon.nova-lite-v1:0)"
                + " nor an inference-profile id (geography.provider.model, e.g. us.amazon.nova-lite-v1:0, with"
                + " geography one of "
                + String.join(", ", GEOGRAPHIES.keySet().stream().sorted().toList())
                + ")";
    }

    /** True for a cross-region inference profile id. */
    public boolean isInferenceProfile() {
        return geography.isPresent();
    }

    /** Regions a profile may route to (empty for a foundation model or a global profile). */
    public List<String> profileRegions() {
        return geography.map(GEOGRAPHIES::get).orElse(List.of());
    }

    /**
     * The ARNs {@code bedrock:InvokeModel} needs, for a stack in {@code region} of {@code account}
     * ({@code partition}, {@code region} and {@code account} may be CloudFormation tokens).
     */
    public List<String> invokeArns(String partition, String region, String account) {
        List<String> arns = new ArrayList<>();
        if (geography.isEmpty()) {
            arns.add(foundationModelArn(partition, region));
            return arns;
        }
        arns.add(
                "arn:"
                        + partition
                        + ":bedrock:"
                        + region
                        + ":"
                        + account
                        + ":inference-profile/"
                        + value);
        if (geography.get().equals("global")) {
            arns.add(foundationModelArn(partition, region));
            arns.add(foundationModelArn(partition, ""));
        } else {
            for (String r : profileRegions()) {
                arns.add(foundationModelArn(partition, r));
            }
        }
        return arns;
    }

    private String foundationModelArn(String partition, String region) {
        return "arn:"
                + partition
                + ":bedrock:"
                + region
                + "::foundation-model/"
                + foundationModelId;
    }
}
