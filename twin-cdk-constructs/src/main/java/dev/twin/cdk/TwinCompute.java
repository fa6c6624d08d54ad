package dev.twin.cdk;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The chat function: the runtime jar on {@code java25}/ARM64 with its own log group, SnapStart on
 * published versions, and the {@value SecureDefaults#LAMBDA_ALIAS} alias that the API invokes.
 */
public class TwinCompute extends Construct {

    private final LogGroup logGroup;
    private final Function function;
    private final Alias alias;
    private final IRole role;

    public TwinCompute(Construct scope, String id, TwinComputeProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        this.logGroup =
                LogGroup.Builder.create(this, "LogGroup")
                        .retention(props.getLogRetention())
                        .removalPolicy(props.getRemovalPolicy())
                        .build();
        if (props.getRole() != null) {
            this.role = props.getRole();
        } else {
            this.role =
                    new TwinIam(this, "Iam", TwinIamProps.builder().logGroup(logGroup).build())
                            .getRole();
        }

        Function.Builder fn =
                Function.Builder.create(this, "Function")
                        .description("twin: chat backend")
                        .runtime(SecureDefaults.LAMBDA_RUNTIME)
                        .architecture(SecureDefaults.LAMBDA_ARCHITECTURE)
                        .handler(SecureDefaults.HANDLER)
                        .code(Code.fromAsset(props.getLambdaJar().toAbsolutePath().toString()))
                        .memorySize(props.getMemorySizeMb())
                        .timeout(SecureDefaults.LAMBDA_TIMEOUT)
                        .role(role)
                        .logGroup(logGroup)
                        .loggingFormat(LoggingFormat.JSON)
                        .environment(environment(props));
        if (props.isSnapStart()) {
            fn.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (props.getMaxConcurrency() != null) {
            fn.reservedConcurrentExecutions(props.getMaxConcurrency());
        }
        this.function = fn.build();
        this.alias =
                Alias.Builder.create(this, "Alias")
                        .aliasName(SecureDefaults.LAMBDA_ALIAS)
                        .version(function.getCurrentVersion())
                        .build();
    }

    private static Map<String, String> environment(TwinComputeProps props) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnv.NAME, props.getTwinName());
        if (props.getMetricsName() != null) {
            env.put(RuntimeEnv.METRICS_NAME, props.getMetricsName());
        }
        if (props.getMemoryBucket() != null) {
            env.put(RuntimeEnv.MEMORY_BUCKET, props.getMemoryBucket().getBucketName());
        }
        env.put(RuntimeEnv.PERSONA_PREFIX, MemoryBucketLayout.PERSONA_PREFIX);
        env.put(RuntimeEnv.MODEL_PROVIDER, props.getModelProvider().id());
        env.put(RuntimeEnv.MODEL_ID, props.getModelId());
        if (props.getModelProvider() == ModelProvider.OPENAI) {
            env.put(RuntimeEnv.API_KEY_SECRET_ARN, props.getApiKeySecret().getSecretArn());
            if (props.getOpenAiBaseUrl() != null) {
                env.put(RuntimeEnv.OPENAI_BASE_URL, props.getOpenAiBaseUrl());
            }
        }
        if (props.getAllowedOrigin() != null) {
            env.put(RuntimeEnv.ALLOWED_ORIGIN, props.getAllowedOrigin());
        }
        if (props.getOriginSecret() != null) {
            env.put(RuntimeEnv.ORIGIN_SECRET_ARN, props.getOriginSecret().getSecretArn());
        }
        if (props.getDailyModelCalls() != null) {
            env.put(RuntimeEnv.DAILY_MODEL_CALLS, Integer.toString(props.getDailyModelCalls()));
        }
        if (props.getDailyModelTokens() != null) {
            env.put(RuntimeEnv.DAILY_MODEL_TOKENS, Integer.toString(props.getDailyModelTokens()));
        }
        return env;
    }

    /** The function (its metrics cover every version). */
    /**
     * Adds one environment variable to the function (constructs composed after it, e.g. a topic).
     */
    public void addEnvironment(String name, String value) {
        function.addEnvironment(name, value);
    }

    public IFunction getFunction() {
        return function;
    }

    /** The alias the API invokes; it points at the current published (SnapStart) version. */
    public Alias getAlias() {
        return alias;
    }

    /** The function's own log group. */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /** The execution role. */
    public IRole getRole() {
        return role;
    }
}
