package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.ModelProvider;
import dev.twin.contract.StackOutputNames;
import dev.twin.contract.testing.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;

/**
 * The stack's main promises, proven for random valid configurations rather than one: least
 * privilege, HTTPS everywhere, stable output names. Synthesis takes about a second, so the number
 * of configurations is kept small; each environment meets each provider.
 */
@ExtendWith(Seeds.class)
class StackPropertiesTest {

    private static final int TRIES = 25;

    /** One random, valid twin configuration. */
    record Config(
            String twinName,
            String environment,
            String provider,
            String modelId,
            String region,
            boolean domain,
            boolean email) {

        DigitalTwinStackProps props() {
            DigitalTwinStackProps.Builder b =
                    TestStacks.defaults()
                            .twinName(twinName)
                            .environment(environment)
                            .modelProvider(provider)
                            .modelId(modelId);
            if (region != null) {
                b.env(Environment.builder().account("123456789012").region(region).build());
            }
            if (domain) {
                b.domainName(twinName + ".example.com").certificateArn(SecureDefaultsTest.CERT);
            }
            if (email) {
                b.alarmEmail("ops@example.com");
            }
            if (provider.equals("openai")) {
                b.openAiBaseUrl("https://llm.example.com/v1");
            }
            return b.build();
        }
    }

    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    // bedrock twice: most twins use it, and it has the most IAM (model or inference profile)
    private static final List<String> PROVIDERS =
            List.of("bedrock", "openai", "offline", "bedrock");
    private static final List<String> REGIONS =
            List.of(
                    "us-east-1",
                    "us-west-2",
                    "eu-west-1",
                    "eu-central-1",
                    "ap-northeast-1",
                    "ap-southeast-2",
                    "ca-central-1");

    /**
     * {@value #TRIES} configurations: every environment with every provider (each 12 in a row cover
     * all pairs), the rest drawn from the seed (fresh each run, printed if one fails; {@code
     * -Dtwin.seed=<n>} replays).
     */
    static Stream<Config> configs() {
        RandomGenerator random = Seeds.random(StackPropertiesTest.class);
        return IntStream.range(0, TRIES)
                .mapToObj(
                        i -> {
                            String provider = PROVIDERS.get((i / ENVIRONMENTS.size()) % 4);
                            String region =
                                    random.nextInt(5) == 0
                                            ? null
                                            : REGIONS.get(random.nextInt(REGIONS.size()));
                            return new Config(
                                    name(random),
                                    ENVIRONMENTS.get(i % ENVIRONMENTS.size()),
                                    provider,
                                    modelFor(provider, region, random.nextInt(10)),
                                    region,
                                    random.nextBoolean(),
                                    random.nextBoolean());
                        });
    }

    /** A valid twin name: a lower-case head, then maybe a dash and letters or digits. */
    static String name(RandomGenerator random) {
        String head = letters(random, "abcdefghijklmnopqrstuvwxyz", 1, 10);
        String tail = letters(random, "abcdefghijklmnopqrstuvwxyz0123456789", 0, 10);
        return tail.isEmpty() ? head : head + "-" + tail;
    }

    private static String letters(RandomGenerator random, String alphabet, int min, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(min, max + 1); n > 0; n--) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /**
     * A model or profile id that fits the provider and the region (a profile must serve the
     * region).
     */
    static String modelFor(String provider, String region, int pick) {
        if (!provider.equals("bedrock")) {
            return pick % 2 == 0 ? null : (provider.equals("openai") ? "gpt-4.1-mini" : "canned");
        }
        List<String> models =
                List.of(
                        "amazon.nova-lite-v1:0",
                        "amazon.nova-pro-v1:0",
                        "anthropic.claude-3-5-haiku-20241022-v1:0",
                        "meta.llama3-3-70b-instruct-v1:0");
        String model = models.get(pick % models.size());
        if (pick < 3) {
            // no model id means the region's default, which a region without one refuses
            boolean hasDefault =
                    region == null || RegionSupport.defaultBedrockModel(region).isPresent();
            return pick == 0 && hasDefault ? null : model;
        }
        List<String> geographies =
                BedrockModelId.GEOGRAPHIES.entrySet().stream()
                        .filter(
                                e ->
                                        region == null
                                                || e.getValue().isEmpty()
                                                || e.getValue().contains(region))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList();
        return geographies.get(pick % geographies.size()) + "." + model;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("configs")
    void everyStack_keepsItsSecurityPromises_andItsOutputNames(Config config) {
        DigitalTwinStackProps props = config.props();
        Map<String, Object> template = TestStacks.template(props).toJSON();
        Map<String, Map<String, Object>> resources = resources(template);

        leastPrivilege(resources, props);
        httpsEverywhere(resources);
        assertThat(outputs(template)).containsExactlyInAnyOrderElementsOf(StackOutputNames.ALL);
    }

    // The checks above must be able to fail: each example breaks one promise on purpose.

    @Test
    void leastPrivilegeCheck_rejectsAWildcardAction() {
        DigitalTwinStack stack = TestStacks.stack(TestStacks.defaults().build());
        stack.getIam()
                .getRole()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:*"))
                                .resources(
                                        List.of(
                                                stack.getStorage()
                                                        .getMemoryBucket()
                                                        .getBucketArn()))
                                .build());
        Map<String, Map<String, Object>> resources = resources(Template.fromStack(stack).toJSON());
        assertThatThrownBy(() -> leastPrivilege(resources, stack.getProps()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("s3:*");
    }

    @Test
    void leastPrivilegeCheck_rejectsAResourceTheStackDoesNotOwn() {
        DigitalTwinStack stack = TestStacks.stack(TestStacks.defaults().build());
        stack.getIam()
                .getRole()
                .addToPrincipalPolicy(
                        PolicyStatement.Builder.create()
                                .actions(List.of("s3:GetObject"))
                                .resources(List.of("arn:aws:s3:::someone-elses-bucket/key"))
                                .build());
        Map<String, Map<String, Object>> resources = resources(Template.fromStack(stack).toJSON());
        assertThatThrownBy(() -> leastPrivilege(resources, stack.getProps()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("someone-elses-bucket");
    }

    @Test
    void httpsCheck_rejectsABucketThatAllowsPlainHttp() {
        DigitalTwinStack stack = TestStacks.stack(TestStacks.defaults().build());
        Bucket.Builder.create(stack, "Careless").enforceSsl(false).build();
        Map<String, Map<String, Object>> resources = resources(Template.fromStack(stack).toJSON());
        assertThatThrownBy(() -> httpsEverywhere(resources))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Careless");
    }

    // --- (1) least privilege
    // -----------------------------------------------------------------------------------

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{([A-Za-z0-9:]+)(\\.[A-Za-z]+)?}");

    /** Wildcards are allowed only as the last segment under a named parent. */
    private static final List<String> ALLOWED_WILDCARD_SUFFIXES =
            List.of(
                    "/" + MemoryBucketLayout.PERSONA_PREFIX + "*",
                    "/" + MemoryBucketLayout.CONVERSATIONS_PREFIX + "*",
                    "/" + MemoryBucketLayout.BUDGET_PREFIX + "*",
                    "/" + MemoryBucketLayout.LEADS_PREFIX + "*",
                    "/" + MemoryBucketLayout.UNKNOWN_PREFIX + "*",
                    ":log-stream:*");

    static void leastPrivilege(
            Map<String, Map<String, Object>> resources, DigitalTwinStackProps props) {
        List<Map<String, Object>> identityStatements = new ArrayList<>();
        resources.forEach(
                (id, r) -> {
                    Map<String, Object> p = properties(r);
                    switch (String.valueOf(r.get("Type"))) {
                        case "AWS::IAM::Role" -> {
                            assertThat(p.get("ManagedPolicyArns"))
                                    .as("managed policies of %s", id)
                                    .isNull();
                            for (Object policy : list(p.get("Policies"))) {
                                identityStatements.addAll(
                                        statements(map(policy).get("PolicyDocument")));
                            }
                        }
                        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
                                identityStatements.addAll(statements(p.get("PolicyDocument")));
                        case "AWS::S3::BucketPolicy", "AWS::SNS::TopicPolicy" ->
                                statements(p.get("PolicyDocument"))
                                        .forEach(s -> assertResourcePolicyAllowIsScoped(id, s));
                        case "AWS::KMS::Key" ->
                                statements(p.get("KeyPolicy"))
                                        .forEach(s -> assertResourcePolicyAllowIsScoped(id, s));
                        default -> {}
                    }
                });
        assertThat(identityStatements).isNotEmpty();
        Optional<BedrockModelId> model = props.getBedrockModel();
        for (Map<String, Object> statement : identityStatements) {
            for (Object action : list(statement.get("Action"))) {
                assertThat(String.valueOf(action)).as("action").doesNotContain("*");
            }
            assertThat(statement.get("NotAction")).isNull();
            assertThat(statement.get("NotResource")).isNull();
            for (Object resource : list(statement.get("Resource"))) {
                String arn = flatten(resource);
                assertThat(arn).as("resource").isNotEqualTo("*");
                if (arn.contains("*")) {
                    assertThat(arn.indexOf('*'))
                            .as("wildcard only at the end of " + arn)
                            .isEqualTo(arn.length() - 1);
                    assertThat(ALLOWED_WILDCARD_SUFFIXES)
                            .as("wildcard suffix of " + arn)
                            .anyMatch(arn::endsWith);
                }
                boolean owned = references(arn).stream().anyMatch(resources::containsKey);
                boolean configuredModel =
                        model.isPresent()
                                && arn.contains(":bedrock:")
                                && (arn.endsWith(
                                                ":foundation-model/"
                                                        + model.get().foundationModelId())
                                        || arn.endsWith(
                                                ":inference-profile/" + model.get().value()));
                assertThat(owned || configuredModel)
                        .as("%s is owned by the stack or the configured model", arn)
                        .isTrue();
                if (!owned) {
                    assertThat(props.getModelProvider()).isEqualTo(ModelProvider.BEDROCK);
                }
            }
        }
    }

    /** A resource policy may deny anyone, but may only allow a named service or account. */
    private static void assertResourcePolicyAllowIsScoped(
            String id, Map<String, Object> statement) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        Object principal = statement.get("Principal");
        assertThat(principal).as("principal of an Allow in %s", id).isNotNull().isNotEqualTo("*");
        assertThat(String.valueOf(principal))
                .as("principal of an Allow in %s", id)
                .doesNotContain("AWS=*");
    }

    private static Set<String> references(String flattened) {
        Set<String> ids = new HashSet<>();
        Matcher m = REFERENCE.matcher(flattened);
        while (m.find()) {
            if (!m.group(1).startsWith("AWS::")) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    // --- (2) HTTPS everywhere
    // ----------------------------------------------------------------------------------

    static void httpsEverywhere(Map<String, Map<String, Object>> resources) {
        Set<String> tlsOnlyBuckets = new HashSet<>();
        resources.values().stream()
                .filter(r -> "AWS::S3::BucketPolicy".equals(r.get("Type")))
                .forEach(
                        r -> {
                            Map<String, Object> p = properties(r);
                            boolean deniesPlainHttp =
                                    statements(p.get("PolicyDocument")).stream()
                                            .anyMatch(
                                                    s ->
                                                            "Deny".equals(s.get("Effect"))
                                                                    && String.valueOf(
                                                                                    s.get(
                                                                                            "Condition"))
                                                                            .contains(
                                                                                    "aws:SecureTransport=false"));
                            if (deniesPlainHttp) {
                                tlsOnlyBuckets.addAll(references(flatten(p.get("Bucket"))));
                            }
                        });
        Set<String> buckets = new HashSet<>();
        resources.forEach(
                (id, r) -> {
                    if ("AWS::S3::Bucket".equals(r.get("Type"))) {
                        buckets.add(id);
                    }
                });
        assertThat(tlsOnlyBuckets)
                .as("buckets that deny aws:SecureTransport=false")
                .containsAll(buckets);

        resources.values().stream()
                .filter(r -> "AWS::CloudFront::Distribution".equals(r.get("Type")))
                .forEach(
                        r -> {
                            Map<String, Object> config =
                                    map(properties(r).get("DistributionConfig"));
                            List<Object> behaviors =
                                    new ArrayList<>(list(config.get("CacheBehaviors")));
                            behaviors.add(config.get("DefaultCacheBehavior"));
                            for (Object behavior : behaviors) {
                                assertThat(map(behavior).get("ViewerProtocolPolicy"))
                                        .isIn("redirect-to-https", "https-only");
                            }
                            for (Object origin : list(config.get("Origins"))) {
                                Object custom = map(origin).get("CustomOriginConfig");
                                if (custom != null) {
                                    assertThat(map(custom).get("OriginProtocolPolicy"))
                                            .isEqualTo("https-only");
                                    assertThat(list(map(custom).get("OriginSSLProtocols")))
                                            .containsOnly("TLSv1.2");
                                }
                            }
                            Object certificate = config.get("ViewerCertificate");
                            if (certificate != null
                                    && map(certificate).get("AcmCertificateArn") != null) {
                                assertThat(map(certificate).get("MinimumProtocolVersion"))
                                        .isEqualTo("TLSv1.2_2021");
                            }
                        });
        resources.values().stream()
                .filter(r -> "AWS::SNS::TopicPolicy".equals(r.get("Type")))
                .forEach(
                        r ->
                                assertThat(statements(properties(r).get("PolicyDocument")))
                                        .anyMatch(
                                                s ->
                                                        "Deny".equals(s.get("Effect"))
                                                                && String.valueOf(
                                                                                s.get("Condition"))
                                                                        .contains(
                                                                                "aws:SecureTransport=false")));
    }

    // --- template helpers
    // --------------------------------------------------------------------------------------

    /**
     * Renders an ARN expression as text: {@code Ref X} as ${X}, {@code GetAtt X.Arn} as ${X.Arn},
     * joins inline.
     */
    static String flatten(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> m = map(value);
        if (m.containsKey("Ref")) {
            return "${" + m.get("Ref") + "}";
        }
        if (m.containsKey("Fn::GetAtt")) {
            List<Object> att = list(m.get("Fn::GetAtt"));
            return "${" + att.get(0) + "." + att.get(1) + "}";
        }
        if (m.containsKey("Fn::Join")) {
            List<Object> join = list(m.get("Fn::Join"));
            StringBuilder sb = new StringBuilder();
            for (Object part : list(join.get(1))) {
                if (sb.length() > 0) {
                    sb.append(join.get(0));
                }
                sb.append(flatten(part));
            }
            return sb.toString();
        }
        throw new AssertionError("unexpected intrinsic in an ARN: " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.get("Resources");
    }

    static Set<String> outputs(Map<String, Object> template) {
        return map(template.get("Outputs")).keySet();
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        Object p = resource.get("Properties");
        return p == null ? Map.of() : map(p);
    }

    static List<Map<String, Object>> statements(Object document) {
        List<Map<String, Object>> result = new ArrayList<>();
        if (document != null) {
            for (Object s : list(map(document).get("Statement"))) {
                result.add(map(s));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }
}
