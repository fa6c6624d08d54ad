package dev.twin.cdk;

import dev.twin.contract.TwinEnvironment;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.BucketProps;
import software.amazon.awscdk.services.s3.ObjectOwnership;

/**
 * Every security-relevant default of the twin constructs, in one place, so that a reviewer reads
 * one file.
 *
 * <p>The constructs take their values from here; the tests assert the synthesized template against
 * the same constants, so a change here is a visible, reviewed change.
 */
public final class SecureDefaults {

    private SecureDefaults() {}

    // --- Lambda
    // -------------------------------------------------------------------------------------------

    /** The runtime's Lambda entry point. */
    public static final String HANDLER = "dev.twin.runtime.lambda.TwinHandler::handleRequest";

    /** Managed runtime of the chat function. */
    public static final Runtime LAMBDA_RUNTIME = Runtime.JAVA_25;

    /** Graviton: cheaper per GB-second, and the runtime jar is pure Java. */
    public static final Architecture LAMBDA_ARCHITECTURE = Architecture.ARM_64;

    /** 1 GB: JVM cold starts scale with memory (CPU share); chat turns are I/O bound afterwards. */
    public static final int LAMBDA_MEMORY_MB = 1024;

    /**
     * Just under the HTTP API's 30 s integration timeout, so the API never cuts a live invocation
     * short.
     */
    public static final Duration LAMBDA_TIMEOUT = Duration.seconds(30);

    /** Name of the alias that the API invokes (a published version, so SnapStart applies). */
    public static final String LAMBDA_ALIAS = "live";

    // --- API
    // ----------------------------------------------------------------------------------------------

    /**
     * Default-stage steady-state rate limit, requests per second, applied to each route: the seed's
     * 1,000 (Requirement 1.1, 5.2, 6.4). It protects the API from floods; it is not the cost guard
     * (the runtime's per-address, per-conversation limits and daily model budget are;
     * docs/cost-guard.md), so a twin shared widely is not answered 429 by API Gateway.
     */
    public static final int API_RATE_LIMIT = 1_000;

    /** Default-stage burst limit, requests, per route: the seed's 2,000. */
    public static final int API_BURST_LIMIT = 2_000;

    /**
     * HTTP API access-log format: one JSON object per request, no request bodies or headers (no
     * secrets).
     */
    public static final String API_ACCESS_LOG_FORMAT =
            "{\"requestId\":\"$context.requestId\","
                    + "\"ip\":\"$context.identity.sourceIp\",\"requestTime\":\"$context.requestTime\","
                    + "\"httpMethod\":\"$context.httpMethod\",\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
                    + "\"responseLength\":\"$context.responseLength\","
                    + "\"integrationLatency\":\"$context.integrationLatency\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\"}";

    // --- Storage
    // ------------------------------------------------------------------------------------------

    /** Memory-bucket objects move to Intelligent-Tiering after this many days. */
    public static final int MEMORY_TIERING_AFTER_DAYS = 30;

    /** Noncurrent versions of memory-bucket objects expire after this many days. */
    public static final int NONCURRENT_VERSION_EXPIRY_DAYS = 30;

    /** Access logs (S3 server access logs, CloudFront logs) expire after this many days. */
    public static final int ACCESS_LOG_EXPIRY_DAYS = 90;

    /**
     * Days a conversation (every version of it) is kept ({@code twin.conversationRetentionDays}).
     */
    public static final int CONVERSATION_RETENTION_DAYS = 90;

    /** Days contacts and unknown questions are kept ({@code twin.leadRetentionDays}). */
    public static final int LEAD_RETENTION_DAYS = 365;

    /** Owner notifications per hour per function instance ({@code TWIN_OWNER_NOTIFY_PER_HOUR}). */
    public static final int OWNER_NOTIFY_PER_HOUR = 20;

    /**
     * Props every bucket of the stack starts from: SSE-S3, all public access blocked, ACLs disabled
     * (bucket-owner-enforced), TLS-only bucket policy with TLS 1.2 minimum, and no auto-delete
     * custom resource (it would add a Node.js function with wildcard S3 permissions; emptying
     * buckets is {@code twin:destroy}'s job).
     */
    public static BucketProps.Builder privateBucket(RemovalPolicy removalPolicy) {
        return BucketProps.builder()
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .minimumTlsVersion(1.2)
                .autoDeleteObjects(false)
                .removalPolicy(removalPolicy);
    }

    /** prod and staging keep data when the stack is deleted; dev cleans up after itself. */
    public static RemovalPolicy removalPolicy(TwinEnvironment environment) {
        return environment == TwinEnvironment.DEV ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    }

    /** CloudWatch Logs retention: short in dev, longer where incidents need history. */
    public static RetentionDays logRetention(TwinEnvironment environment) {
        return switch (environment) {
            case DEV -> RetentionDays.TWO_WEEKS;
            case STAGING -> RetentionDays.ONE_MONTH;
            case PROD -> RetentionDays.THREE_MONTHS;
        };
    }

    // --- CDN
    // ----------------------------------------------------------------------------------------------

    /** Viewer TLS policy whenever a custom domain and certificate are set. */
    public static final SecurityPolicyProtocol MINIMUM_VIEWER_TLS =
            SecurityPolicyProtocol.TLS_V1_2_2021;

    /** TLS versions CloudFront may use towards an origin. */
    public static final List<OriginSslPolicy> ORIGIN_TLS = List.of(OriginSslPolicy.TLS_V1_2);

    /**
     * Default TTL of static assets (js, css, images): long, because every publish invalidates the
     * distribution.
     */
    public static final Duration STATIC_ASSET_TTL = Duration.days(7);

    /**
     * Static-asset file extensions served with the long-lived cache policy; everything else is not
     * cached.
     */
    public static final List<String> STATIC_ASSET_EXTENSIONS =
            List.of(
                    "js", "css", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "woff",
                    "woff2");

    /** Paths that must never be cached: the page itself and its runtime configuration. */
    public static final List<String> UNCACHED_PATHS = List.of("/index.html", "/config.json");

    /** HSTS max-age: two years, the preload list's expectation. */
    public static final Duration HSTS_MAX_AGE = Duration.days(730);

    /**
     * Content-Security-Policy of the site: its own origin only (the site makes no third-party
     * requests and calls the API on {@code /api} of the same origin), no framing, no plugins.
     */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self';"
                    + " img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
                    + " form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests";

    /** Security response headers sent with every CloudFront response. */
    public static ResponseSecurityHeadersBehavior securityHeaders() {
        return ResponseSecurityHeadersBehavior.builder()
                .strictTransportSecurity(
                        ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(HSTS_MAX_AGE)
                                .includeSubdomains(true)
                                .preload(true)
                                .override(true)
                                .build())
                .contentTypeOptions(
                        ResponseHeadersContentTypeOptions.builder().override(true).build())
                .frameOptions(
                        ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build())
                .referrerPolicy(
                        ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(
                                        HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                                .override(true)
                                .build())
                .contentSecurityPolicy(
                        ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(CONTENT_SECURITY_POLICY)
                                .override(true)
                                .build())
                .build();
    }

    // --- Monitoring
    // ---------------------------------------------------------------------------------------

    /** Lambda error-rate alarm threshold, percent of invocations. */
    public static final double LAMBDA_ERROR_RATE_PERCENT = 5;

    /** Lambda p99 duration alarm threshold. */
    public static final Duration LAMBDA_P99_DURATION = Duration.seconds(25);

    /** API 4xx-rate alarm threshold, percent of requests (a probe or a broken client). */
    public static final double API_4XX_RATE_PERCENT = 20;

    /**
     * Model tokens (input + output, all execution environments) in one hour above which the owner
     * is alarmed: about 100 long turns; a personal twin rarely sees that many in an hour unless
     * someone is scripting it.
     */
    public static final int MODEL_TOKENS_PER_HOUR_ALARM = 500_000;

    // --- Tags
    // ---------------------------------------------------------------------------------

    /** Tag key carrying the twin's name, put on every resource. */
    public static final String TAG_TWIN = "twin:name";

    /** Tag key carrying the environment, put on every resource. */
    public static final String TAG_ENVIRONMENT = "twin:environment";
}
