package dev.twin.maven.cdk;

import dev.twin.maven.core.StackName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
     * The cost-guard context keys TwinApp reads; TwinApp validates their values and names a bad
     * one.
     */
    public static final List<String> COST_GUARD_KEYS =
            List.of("apiRateLimit", "apiBurstLimit", "dailyModelCalls", "dailyModelTokens");

    public StackSettings {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(lambdaJar, "lambdaJar");
        costGuard = costGuard == null ? Map.of() : Map.copyOf(costGuard);
        for (String key : costGuard.keySet()) {
            if (!COST_GUARD_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown cost-guard key " + key + "; known: " + COST_GUARD_KEYS);
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
        ctx.put("twinName", stack.twinName());
        put(ctx, "displayName", displayName);
        ctx.put("env", stack.env().id());
        ctx.put("runtimeJar", lambdaJar.toAbsolutePath().toString());
        put(ctx, "region", region);
        put(ctx, "account", account);
        put(ctx, "modelProvider", modelProvider);
        put(ctx, "modelId", modelId);
        put(ctx, "openAiBaseUrl", openAiBaseUrl);
        put(ctx, "alarmEmail", alarmEmail);
        put(ctx, "domainName", domainName);
        put(ctx, "certificateArn", certificateArn);
        put(ctx, "apiKeySecretName", apiKeySecretName);
        for (String key : COST_GUARD_KEYS) {
            put(ctx, key, Optional.ofNullable(costGuard.get(key)));
        }
        return ctx;
    }

    private static void put(Map<String, String> ctx, String key, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> ctx.put(key, v.strip()));
    }
}
