package dev.twin.cdk;

import dev.twin.contract.CdkContextKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;

/**
 * CDK app entry point: synthesizes one {@link DigitalTwinStack} from CDK context, so that the real
 * CLI works: {@code cdk synth --app "java -cp <classpath> dev.twin.cdk.TwinApp" -c twinName=jane -c
 * env=prod -c runtimeJar=<jar>}.
 *
 * <p>Context keys ({@link CdkContextKeys}; every value is a string):
 *
 * <ul>
 *   <li>{@code twinName} (required) — lowercase letters, digits, dashes
 *   <li>{@code displayName} — the name visitors see; default the twinName
 *   <li>{@code env} (required) — dev, staging or prod
 *   <li>{@code runtimeJar} (required; {@code lambdaJar} is accepted too) — path of the runtime's
 *       -lambda.jar
 *   <li>{@code modelProvider} — bedrock (default), openai, offline
 *   <li>{@code modelId} — default {@value DigitalTwinStackProps#DEFAULT_MODEL_ID} (bedrock, per
 *       geography), {@value DigitalTwinStackProps#DEFAULT_OPENAI_MODEL_ID} (openai)
 *   <li>{@code openAiBaseUrl} — https URL of an OpenAI-compatible endpoint; default the runtime's
 *   <li>{@code alarmEmail} — default no subscription
 *   <li>{@code domainName}, {@code certificateArn} — together; default CloudFront's domain
 *   <li>{@code apiKeySecretName} — default {@value
 *       DigitalTwinStackProps#DEFAULT_API_KEY_SECRET_NAME} ({@code {twin}}, {@code {env}} replaced;
 *       the seed's {@value DigitalTwinStackProps#SEED_API_KEY_SECRET_NAME} on request)
 *   <li>{@code adoptApiKeySecret} — {@code true} to use a secret of that name retained by an
 *       earlier deploy instead of creating it; {@code apiKeySecretKeyArn} — its KMS key (openai)
 *   <li>{@code maxConcurrency} — reserved concurrency of the chat function; default unset
 *   <li>{@code conversationExpiryDays} — default 90 days, every version included
 *   <li>{@code ownerEmail} — default no subscription to the owner's topic
 *   <li>{@code leadRetentionDays} — default 365
 *   <li>{@code ownerNotifyPerHour} — default 20
 *   <li>{@code originSecretVersion} — the origin-lock secret version CloudFront sends (twin:deploy
 *       passes the current one); default the version current at resolution
 *   <li>{@code account}, {@code region} — default {@code CDK_DEFAULT_ACCOUNT} / {@code
 *       CDK_DEFAULT_REGION} (set by the CLI from the credentials), else an environment-agnostic
 *       stack
 *   <li>{@code stackName} — default {@code twin-<twinName>-<env>}
 *   <li>{@code apiRateLimit}, {@code apiBurstLimit} — API throttle per route; default 1,000
 *       requests/s, burst 2,000
 *   <li>{@code dailyModelCalls}, {@code dailyModelTokens} — the runtime's daily model budget per
 *       execution environment ({@code 0} = no cap); default the runtime's 1000 calls and 2000000
 *       tokens
 * </ul>
 */
public final class TwinApp {

    private TwinApp() {}

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app, System.getenv());
        } catch (InvalidTwinPropsException e) {
            // A configuration mistake: the message says what and how to fix it; a stack trace would
            // only hide that.
            System.err.println(e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /**
     * Adds the stack described by the app's context to {@code app}; {@code environment} supplies
     * CDK_DEFAULT_*.
     */
    public static DigitalTwinStack build(App app, Map<String, String> environment) {
        return new DigitalTwinStack(
                app,
                stackProps(
                        key -> {
                            Object value = app.getNode().tryGetContext(key);
                            return value == null ? null : String.valueOf(value);
                        },
                        environment));
    }

    /**
     * Creates a synthesizable app writing to {@code outdir}, with the given context. Construct
     * stack traces are off (as the CDK CLI does unless {@code --debug}): recording one per
     * construct in node is the slowest part of an in-process synthesis.
     */
    public static App newApp(Path outdir, Map<String, ?> context) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(DISABLE_STACK_TRACES, true);
        all.putAll(context);
        return new App(AppProps.builder().outdir(outdir.toString()).context(all).build());
    }

    /** CDK context key that turns off construct stack traces in metadata. */
    static final String DISABLE_STACK_TRACES = "aws:cdk:disable-stack-trace";

    /** Maps context values (looked up by key) to validated stack props. */
    public static DigitalTwinStackProps stackProps(
            Function<String, String> context, Map<String, String> environment) {
        String jar =
                firstNonBlank(
                        context.apply(CdkContextKeys.RUNTIME_JAR),
                        context.apply(CdkContextKeys.LAMBDA_JAR));
        String account =
                firstNonBlank(
                        context.apply(CdkContextKeys.ACCOUNT),
                        environment.get("CDK_DEFAULT_ACCOUNT"));
        String region =
                firstNonBlank(
                        context.apply(CdkContextKeys.REGION),
                        environment.get("CDK_DEFAULT_REGION"));
        Environment env =
                account == null && region == null
                        ? null
                        : Environment.builder().account(account).region(region).build();
        String expiry = blankToNull(context.apply(CdkContextKeys.CONVERSATION_EXPIRY_DAYS));
        Integer expiryDays;
        try {
            expiryDays = expiry == null ? null : Integer.valueOf(expiry.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTwinPropsException(
                    List.of(
                            "conversationExpiryDays '"
                                    + expiry
                                    + "' is not a whole number of days (e.g. -c conversationExpiryDays=90)"));
        }
        return DigitalTwinStackProps.builder()
                .twinName(blankToNull(context.apply(CdkContextKeys.TWIN_NAME)))
                .displayName(blankToNull(context.apply(CdkContextKeys.DISPLAY_NAME)))
                .environment(blankToNull(context.apply(CdkContextKeys.ENV)))
                .lambdaJar(jar == null ? null : Path.of(jar))
                .modelProvider(blankToNull(context.apply(CdkContextKeys.MODEL_PROVIDER)))
                .modelId(blankToNull(context.apply(CdkContextKeys.MODEL_ID)))
                .openAiBaseUrl(blankToNull(context.apply(CdkContextKeys.OPENAI_BASE_URL)))
                .alarmEmail(blankToNull(context.apply(CdkContextKeys.ALARM_EMAIL)))
                .domainName(blankToNull(context.apply(CdkContextKeys.DOMAIN_NAME)))
                .certificateArn(blankToNull(context.apply(CdkContextKeys.CERTIFICATE_ARN)))
                .apiKeySecretName(blankToNull(context.apply(CdkContextKeys.API_KEY_SECRET_NAME)))
                .conversationExpiryDays(expiryDays)
                .ownerEmail(blankToNull(context.apply(CdkContextKeys.OWNER_EMAIL)))
                .leadRetentionDays(wholeNumber(context, CdkContextKeys.LEAD_RETENTION_DAYS))
                .ownerNotifyPerHour(wholeNumber(context, CdkContextKeys.OWNER_NOTIFY_PER_HOUR))
                .originSecretVersionId(
                        blankToNull(context.apply(CdkContextKeys.ORIGIN_SECRET_VERSION)))
                .apiRateLimit(wholeNumber(context, CdkContextKeys.API_RATE_LIMIT))
                .apiBurstLimit(wholeNumber(context, CdkContextKeys.API_BURST_LIMIT))
                .dailyModelCalls(wholeNumber(context, CdkContextKeys.DAILY_MODEL_CALLS))
                .dailyModelTokens(wholeNumber(context, CdkContextKeys.DAILY_MODEL_TOKENS))
                .maxConcurrency(wholeNumber(context, CdkContextKeys.MAX_CONCURRENCY))
                .adoptApiKeySecret(bool(context, CdkContextKeys.ADOPT_API_KEY_SECRET))
                .apiKeySecretKeyArn(
                        blankToNull(context.apply(CdkContextKeys.API_KEY_SECRET_KEY_ARN)))
                .stackName(blankToNull(context.apply(CdkContextKeys.STACK_NAME)))
                .env(env)
                .build();
    }

    private static Integer wholeNumber(Function<String, String> context, String key) {
        String value = blankToNull(context.apply(key));
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new InvalidTwinPropsException(
                    List.of(
                            key
                                    + " '"
                                    + value
                                    + "' is not a whole number (e.g. -c "
                                    + key
                                    + "=10)"));
        }
    }

    private static Boolean bool(Function<String, String> context, String key) {
        String value = blankToNull(context.apply(key));
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new InvalidTwinPropsException(
                            List.of(
                                    key
                                            + " '"
                                            + value
                                            + "' is not true or false (e.g. -c "
                                            + key
                                            + "=true)"));
        };
    }

    private static String firstNonBlank(String a, String b) {
        return blankToNull(a) != null ? a.trim() : blankToNull(b);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
