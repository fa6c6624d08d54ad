package dev.twin.maven.cdk;

import dev.twin.contract.CdkContextKeys;
import dev.twin.maven.core.StackName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The plugin's stack configuration as CDK context ({@code twinName}, {@code env}, {@code
 * runtimeJar}, ...), the keys {@code dev.twin.cdk.TwinApp} reads, so the default stack and a
 * project's own app see the same values.
 */
public record StackSettings(
        StackName stack,
        Path lambdaJar,
        Optional<String> region,
        Optional<String> account,
        Optional<String> modelProvider,
        Optional<String> modelId,
        Optional<String> openAiBaseUrl,
        Optional<String> alarmEmail,
        Optional<String> domainName,
        Optional<String> certificateArn,
        Optional<String> apiKeySecretName,
        Optional<String> displayName,
        Map<String, String> costGuard) {

    /**
     * The context keys passed through as given (TwinApp validates their values and names a bad
     * one): the cost guard, adopting a retained API-key secret, the owner's side, and the origin
     * secret's version.
     */
    static final List<String> PASSED_THROUGH =
            Stream.concat(
                            CdkContextKeys.COST_GUARD.stream(),
                            Stream.concat(
                                    Stream.of(
                                            CdkContextKeys.ADOPT_API_KEY_SECRET,
                                            CdkContextKeys.API_KEY_SECRET_KEY_ARN),
                                    // the owner's side (issue 15); TwinApp validates the values
                                    Stream.concat(
                                            CdkContextKeys.OWNER.stream(),
                                            // the deployed stack's: its origin secret's version
                                            Stream.of(CdkContextKeys.ORIGIN_SECRET_VERSION))))
                    .toList();

    public StackSettings {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        costGuard = costGuard == null ? Map.of() : Map.copyOf(costGuard);
        for (String key : costGuard.keySet()) {
            if (!PASSED_THROUGH.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown cost-guard key " + key + "; known: " + PASSED_THROUGH);
            }
        }
    }

    /** The same settings without the cost guard (TwinApp's defaults apply). */
    public StackSettings(
            StackName stack,
            Path lambdaJar,
            Optional<String> region,
            Optional<String> account,
            Optional<String> modelProvider,
            Optional<String> modelId,
            Optional<String> openAiBaseUrl,
            Optional<String> alarmEmail,
            Optional<String> domainName,
            Optional<String> certificateArn,
            Optional<String> apiKeySecretName,
            Optional<String> displayName) {
        this(
                stack,
                lambdaJar,
                region,
                account,
                modelProvider,
                modelId,
                openAiBaseUrl,
                alarmEmail,
                domainName,
                certificateArn,
                apiKeySecretName,
                displayName,
                Map.of());
    }

    public static StackSettings minimal(StackName stack, Path lambdaJar) {
        return new StackSettings(
                stack,
                lambdaJar,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The context map; absent values are left out so TwinApp's defaults apply. */
    public Map<String, String> context() {
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put(CdkContextKeys.TWIN_NAME, stack.twinName());
        put(ctx, CdkContextKeys.DISPLAY_NAME, displayName);
        ctx.put(CdkContextKeys.ENV, stack.env().id());
        ctx.put(CdkContextKeys.RUNTIME_JAR, lambdaJar.toAbsolutePath().toString());
        put(ctx, CdkContextKeys.REGION, region);
        put(ctx, CdkContextKeys.ACCOUNT, account);
        put(ctx, CdkContextKeys.MODEL_PROVIDER, modelProvider);
        put(ctx, CdkContextKeys.MODEL_ID, modelId);
        put(ctx, CdkContextKeys.OPENAI_BASE_URL, openAiBaseUrl);
        put(ctx, CdkContextKeys.ALARM_EMAIL, alarmEmail);
        put(ctx, CdkContextKeys.DOMAIN_NAME, domainName);
        put(ctx, CdkContextKeys.CERTIFICATE_ARN, certificateArn);
        put(ctx, CdkContextKeys.API_KEY_SECRET_NAME, apiKeySecretName);
        for (String key : PASSED_THROUGH) {
            put(ctx, key, Optional.ofNullable(costGuard.get(key)));
        }
        return ctx;
    }

    private static void put(Map<String, String> ctx, String key, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> ctx.put(key, v.strip()));
    }
}
