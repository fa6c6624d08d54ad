package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.OriginLockNames;
import dev.twin.contract.RuntimeEnv;
import dev.twin.contract.StackOutputNames;
import dev.twin.contract.TwinEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The origin lock (docs/SECURITY.md) and the shared daily budget's permissions, on the synthesized
 * prod template: CloudFront sends the secret header through a dynamic reference only, the function
 * reads that one secret, and the role touches only the budget's own keys.
 */
class OriginLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Template prod;
    static JsonNode template;

    @BeforeAll
    static void synthesize() {
        prod = TestStacks.template(TestStacks.defaults().environment(TwinEnvironment.PROD).build());
        template = JSON.valueToTree(prod.toJSON());
    }

    private static JsonNode resourceOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        template.get("Resources")
                .forEach(
                        r -> {
                            if (type.equals(r.get("Type").asText())) {
                                found.add(r);
                            }
                        });
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    private static JsonNode apiOrigin() {
        for (JsonNode origin :
                resourceOfType("AWS::CloudFront::Distribution")
                        .at("/Properties/DistributionConfig/Origins")) {
            // the streaming function URL is a custom origin too, but signed by its OAC
            if (origin.has("CustomOriginConfig") && !origin.has("OriginAccessControlId")) {
                return origin;
            }
        }
        throw new AssertionError("no custom (API) origin in " + template);
    }

    @Test
    void cloudFront_sendsTheSecretHeader_toTheApiOrigin_asADynamicReferenceOnly() {
        JsonNode headers = apiOrigin().get("OriginCustomHeaders");

        assertThat(headers).hasSize(1);
        JsonNode header = headers.get(0);
        assertThat(header.get("HeaderName").asText()).isEqualTo(OriginLockNames.HEADER);
        // never a literal: CloudFormation resolves
        // {{resolve:secretsmanager:<arn>:SecretString:current::}}
        assertThat(header.get("HeaderValue").isTextual()).isFalse();
        String joined = header.get("HeaderValue").toString();
        assertThat(joined)
                .contains("{{resolve:secretsmanager:")
                .contains(":SecretString:" + TwinOriginLock.CURRENT_FIELD + "::}}")
                .containsPattern("\"Ref\":\"OriginLockSecret[A-Za-z0-9]+\"");
    }

    @Test
    void aPinnedVersion_isWhatTheApiOriginSends_soARotationChangesTheTemplate() {
        // Given the version twin:deploy found current
        String version = "0b1c2d3e-4f5a-4b6c-8d9e-0f1a2b3c4d5e";
        JsonNode pinned =
                JSON.valueToTree(
                        TestStacks.template(
                                        TestStacks.defaults()
                                                .environment(TwinEnvironment.PROD)
                                                .originSecretVersionId(version)
                                                .build())
                                .toJSON());

        // Then the API origin resolves that version (the streaming function URL's lock is IAM: its
        // origin access control signs every request, so it carries no header)
        List<String> values = new ArrayList<>();
        for (JsonNode r : pinned.get("Resources")) {
            if ("AWS::CloudFront::Distribution".equals(r.get("Type").asText())) {
                for (JsonNode origin : r.at("/Properties/DistributionConfig/Origins")) {
                    for (JsonNode h : origin.path("OriginCustomHeaders")) {
                        if (OriginLockNames.HEADER.equals(h.get("HeaderName").asText())) {
                            values.add(h.get("HeaderValue").toString());
                        }
                    }
                }
            }
        }
        assertThat(values)
                .hasSize(1)
                .allSatisfy(
                        v ->
                                assertThat(v)
                                        .contains(
                                                ":SecretString:"
                                                        + TwinOriginLock.CURRENT_FIELD
                                                        + "::"
                                                        + version
                                                        + "}}"));
        // and the deployer finds the secret in the outputs
        assertThat(
                        pinned.at("/Outputs/" + StackOutputNames.ORIGIN_SECRET_ARN + "/Value")
                                .toString())
                .containsPattern("\"Ref\":\"OriginLockSecret[A-Za-z0-9]+\"");
    }

    @Test
    void aVersionIdThatIsNotOne_isRefused_withTheFix() {
        assertThatThrownBy(
                        () ->
                                TestStacks.template(
                                        TestStacks.defaults()
                                                .originSecretVersionId("v1; drop")
                                                .build()))
                .isInstanceOf(InvalidTwinPropsException.class)
                .hasMessageContaining("secretVersionId is 'v1; drop'")
                .hasMessageContaining("leave it unset");
    }

    @Test
    void theSecret_isGeneratedPerStack_withCurrentAndPrevious_andNoValueInTheTemplate() {
        JsonNode secret =
                template.get("Resources").findParents("GenerateSecretString").stream()
                        .filter(
                                p ->
                                        p.at("/GenerateSecretString/GenerateStringKey")
                                                .asText()
                                                .equals(TwinOriginLock.CURRENT_FIELD))
                        .findFirst()
                        .orElseThrow();
        assertThat(secret.at("/GenerateSecretString/SecretStringTemplate").asText())
                .isEqualTo("{\"previous\":\"\"}");
        assertThat(secret.at("/GenerateSecretString/PasswordLength").asInt()).isEqualTo(48);
        assertThat(secret.has("SecretString")).as("no literal value").isFalse();
        // the whole template: no origin header value anywhere that is a plain string
        assertThat(template.findValues("OriginCustomHeaders"))
                .allSatisfy(
                        hs ->
                                hs.forEach(
                                        h ->
                                                assertThat(h.get("HeaderValue").isTextual())
                                                        .isFalse()));
        // and no output carries the secret's value (its ARN is an output: twin:deploy reads it)
        assertThat(template.get("Outputs").toString())
                .doesNotContain("resolve:secretsmanager")
                .doesNotContain("SecretString");
        assertThat(template.get("Outputs").fieldNames())
                .toIterable()
                .filteredOn(
                        name ->
                                template.at("/Outputs/" + name + "/Value")
                                        .toString()
                                        .contains("OriginLockSecret"))
                .containsExactly(StackOutputNames.ORIGIN_SECRET_ARN);
    }

    @Test
    void theFunction_getsTheSecretArn_andMayReadOnlyThatSecret() {
        prod.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                RuntimeEnv.ORIGIN_SECRET_ARN,
                                                Map.of(
                                                        "Ref",
                                                        Match.stringLikeRegexp(
                                                                "OriginLockSecret.*")))))));
        JsonNode statement = statement("ReadOriginSecret");
        assertThat(statement.get("Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(statement.get("Resource").toString())
                .matches("\\{\"Ref\":\"OriginLockSecret[A-Za-z0-9]+\"}");
    }

    @Test
    void theBudget_isReadAndWritten_onlyUnderItsOwnPrefix() {
        JsonNode statement = statement("ReadWriteBudget");

        assertThat(statement.get("Action").toString())
                .isEqualTo("[\"s3:GetObject\",\"s3:PutObject\"]");
        assertThat(statement.get("Resource").toString())
                .contains("MemoryBucket")
                .endsWith("\"/" + MemoryBucketLayout.BUDGET_PREFIX + "*\"]]}");
    }

    private static JsonNode statement(String sid) {
        for (JsonNode s : template.findValues("Statement")) {
            for (JsonNode st : s) {
                if (sid.equals(st.path("Sid").asText())) {
                    return st;
                }
            }
        }
        throw new AssertionError("no statement " + sid);
    }
}
