package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Model and inference-profile ids, and the exact ARNs they need. */
class BedrockModelIdTest {

    @Test
    void foundationModel_needsOnlyItsArnInTheStacksRegion() {
        BedrockModelId model =
                BedrockModelId.parse("anthropic.claude-3-5-haiku-20241022-v1:0").orElseThrow();
        assertThat(model.isInferenceProfile()).isFalse();
        assertThat(model.invokeArns("aws", "eu-west-1", "123456789012"))
                .containsExactly(
                        "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0");
    }

    @Test
    void profile_needsTheProfileAndTheModelInEachRegionOfItsGeography() {
        BedrockModelId profile = BedrockModelId.parse("eu.amazon.nova-lite-v1:0").orElseThrow();
        assertThat(profile.geography()).contains("eu");
        assertThat(profile.foundationModelId()).isEqualTo("amazon.nova-lite-v1:0");
        assertThat(profile.invokeArns("aws", "eu-west-1", "123456789012"))
                .startsWith(
                        "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-lite-v1:0")
                .contains("arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-lite-v1:0")
                .allSatisfy(arn -> assertThat(arn).doesNotContain("*").contains("nova-lite-v1:0"))
                .hasSize(1 + BedrockModelId.GEOGRAPHIES.get("eu").size());
    }

    @Test
    void globalProfile_namesTheModelWithoutRegion_neverAWildcard() {
        BedrockModelId profile =
                BedrockModelId.parse("global.anthropic.claude-sonnet-4-20250514-v1:0")
                        .orElseThrow();
        assertThat(profile.invokeArns("aws", "us-east-1", "123456789012"))
                .containsExactly(
                        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0",
                        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
                        "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
    }

    @Test
    void parse_rejectsWhatIsNeitherAModelNorAProfile() {
        assertThat(BedrockModelId.parse("nova")).isEmpty();
        assertThat(BedrockModelId.parse("amazon.*")).isEmpty();
        assertThat(BedrockModelId.parse("Amazon.Nova")).isEmpty();
        assertThat(BedrockModelId.parse("amazon.nova lite")).isEmpty();
        assertThat(BedrockModelId.parse(null)).isEmpty();
    }
}
