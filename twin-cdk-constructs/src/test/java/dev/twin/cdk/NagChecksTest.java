package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * cdk-nag AwsSolutionsChecks and ServerlessChecks (policy-validation plugins, cdk-nag 3) over the
 * stack: zero unacknowledged findings, and the acknowledgments in {@link TwinNagAcknowledgments}
 * are narrow enough that a new problem is still reported.
 */
class NagChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultDevStack_hasNoUnacknowledgedFindings() throws IOException {
        assertThat(violations(TestStacks.defaults())).isEmpty();
    }

    @Test
    void prodStackWithDomainAndEmail_hasNoUnacknowledgedFindings() throws IOException {
        assertThat(
                        violations(
                                TestStacks.defaults()
                                        .environment("prod")
                                        .env(
                                                Environment.builder()
                                                        .account("123456789012")
                                                        .region("eu-central-1")
                                                        .build())
                                        .modelId("eu.anthropic.claude-3-haiku-20240307-v1:0")
                                        .domainName("twin.example.com")
                                        .certificateArn(SecureDefaultsTest.CERT)
                                        .alarmEmail("ops@example.com")))
                .isEmpty();
    }

    @Test
    void openAiStack_hasNoUnacknowledgedFindings() throws IOException {
        assertThat(
                        violations(
                                TestStacks.defaults()
                                        .environment("staging")
                                        .modelProvider("openai")
                                        .openAiBaseUrl("https://llm.example.com/v1")))
                .isEmpty();
    }

    @Test
    void optInRegionStack_withoutCloudFrontLogs_hasNoUnacknowledgedFindings() throws IOException {
        // CloudFront cannot log to a bucket in an opt-in region: CFR3 is acknowledged there only
        assertThat(
                        violations(
                                TestStacks.defaults()
                                        .env(
                                                Environment.builder()
                                                        .account("123456789012")
                                                        .region("ap-southeast-3")
                                                        .build())))
                .isEmpty();
        assertThat(acknowledgments(TestStacks.stack(TestStacks.defaults().build())))
                .doesNotContain("AwsSolutions-CFR3");
    }

    @Test
    void adoptedSecretStack_hasNoUnacknowledgedFindings() throws IOException {
        assertThat(
                        violations(
                                TestStacks.defaults()
                                        .environment("staging")
                                        .env(
                                                Environment.builder()
                                                        .account("123456789012")
                                                        .region("eu-west-1")
                                                        .build())
                                        .modelProvider("openai")
                                        .openAiBaseUrl("https://llm.example.com/v1")
                                        .adoptApiKeySecret(true)
                                        .apiKeySecretKeyArn(
                                                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")))
                .isEmpty();
    }

    @Test
    void acknowledgments_areNarrow_aNewWildcardIsStillReported() throws IOException {
        // Given a stack whose role gains one more wildcard than the acknowledged ones
        Path out = outdir();
        App app = appWithChecks(out);
        DigitalTwinStack stack = new DigitalTwinStack(app, TestStacks.defaults().build());
        stack.getIam()
                .getRole()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:GetObject"))
                                .resources(
                                        List.of(
                                                stack.getStorage()
                                                        .getMemoryBucket()
                                                        .arnForObjects("*")))
                                .build());
        // When it is synthesized, Then the checks fail on exactly that statement
        assertThatThrownBy(app::synth).hasMessageContaining("Validation failed");
        assertThat(readViolations(out))
                .singleElement()
                .asString()
                .startsWith("AwsSolutions-IAM5[Resource::<StorageMemoryBucket")
                .endsWith(".Arn>/*]");
    }

    @Test
    void cfr4_isAcknowledgedOnlyWithoutACustomDomain() {
        // CloudFront's default certificate cannot be given a TLS policy, so only that case needs
        // the acknowledgment.
        DigitalTwinStack withDomain =
                TestStacks.stack(
                        TestStacks.defaults()
                                .domainName("twin.example.com")
                                .certificateArn(SecureDefaultsTest.CERT)
                                .build());
        DigitalTwinStack without = TestStacks.stack(TestStacks.defaults().build());
        assertThat(acknowledgments(withDomain)).doesNotContain("AwsSolutions-CFR4");
        assertThat(acknowledgments(without)).contains("AwsSolutions-CFR4");
    }

    /** The acknowledgment metadata of every construct of the stack, as text. */
    private static String acknowledgments(DigitalTwinStack stack) {
        List<String> found = new ArrayList<>();
        stack.getNode()
                .findAll()
                .forEach(
                        c ->
                                c.getNode()
                                        .getMetadata()
                                        .forEach(
                                                m -> {
                                                    if (Validations.ACKNOWLEDGED_RULES_METADATA_KEY
                                                            .equals(m.getType())) {
                                                        found.add(String.valueOf(m.getData()));
                                                    }
                                                }));
        return String.join("\n", found);
    }

    private static List<String> violations(DigitalTwinStackProps.Builder props) throws IOException {
        Path out = outdir();
        App app = appWithChecks(out);
        new DigitalTwinStack(app, props.build());
        try {
            app.synth();
        } catch (RuntimeException e) {
            // the report names each unacknowledged finding; an empty list here would hide the
            // failure
            List<String> found = readViolations(out);
            assertThat(found).as("synthesis failed: " + e.getMessage()).isNotEmpty();
            return found;
        }
        return readViolations(out);
    }

    private static App appWithChecks(Path out) {
        App app = TwinApp.newApp(out, Map.of("@aws-cdk/core:validationReportJson", true));
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
        return app;
    }

    private static Path outdir() {
        return TestStacks.TARGET.resolve("cdk-nag").resolve(UUID.randomUUID().toString());
    }

    private static List<String> readViolations(Path out) throws IOException {
        Path report = out.resolve("policy-validation-report.json");
        List<String> ids = new ArrayList<>();
        if (!Files.exists(report)) {
            return ids;
        }
        JsonNode root = JSON.readTree(report.toFile());
        for (JsonNode plugin : root.path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                ids.add(violation.path("ruleName").asText());
            }
        }
        return ids;
    }
}
