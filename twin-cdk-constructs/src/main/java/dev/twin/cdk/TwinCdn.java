package dev.twin.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.FunctionUrlOriginAccessControl;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.ICachePolicy;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestCookieBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.S3OriginAccessControl;
import software.amazon.awscdk.services.cloudfront.Signing;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.FunctionUrlOrigin;
import software.amazon.awscdk.services.cloudfront.origins.FunctionUrlOriginWithOACProps;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOriginWithOACProps;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.InvokeMode;
import software.constructs.Construct;

/**
 * The CloudFront distribution: the site from S3 through Origin Access Control, {@code /api/*} to
 * the HTTP API, HTTPS only, security headers on every response, and access logs.
 *
 * <p>SPA routing is a CloudFront Function on the default behavior (a path without a file extension
 * is served {@code /index.html}), not distribution-wide 403/404 error responses: those would also
 * turn an API's 404 or 403 into the page with status 200, hiding API errors from the site.
 */
public class TwinCdn extends Construct {

    /** Path pattern of the API behavior. */
    public static final String API_PATH_PATTERN = "/api/*";

    /** The one path the function URL answers (docs/streaming.md). */
    public static final String STREAM_PATH_PATTERN = "/api/chat/stream";

    /**
     * Viewer-request function: client-side routes (no file extension, not under /api/) get the
     * page.
     */
    static final String SPA_REWRITE_CODE =
            String.join(
                    "\n",
                    "function handler(event) {",
                    "  var request = event.request;",
                    "  var uri = request.uri;",
                    "  if (uri.indexOf('/api/') !== 0 && uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {",
                    "    request.uri = '/index.html';",
                    "  }",
                    "  return request;",
                    "}");

    /**
     * Viewer headers the API receives; {@code CloudFront-Viewer-Address} is the client address
     * CloudFront saw.
     */
    public static final List<String> API_FORWARDED_HEADERS =
            List.of("Content-Type", "Origin", "Accept", "CloudFront-Viewer-Address");

    private final OriginRequestPolicy apiOriginRequest;
    private FunctionUrl streamUrl;
    private final Distribution distribution;
    private final ResponseHeadersPolicy securityHeaders;
    private final Function spaRewrite;

    public TwinCdn(Construct scope, String id, TwinCdnProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        this.securityHeaders =
                ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                        .responseHeadersPolicyName(regionalName("security-headers", 128))
                        .comment("twin: HSTS, nosniff, frame deny, same-origin CSP")
                        .securityHeadersBehavior(SecureDefaults.securityHeaders())
                        .build();
        this.spaRewrite =
                Function.Builder.create(this, "SpaRewrite")
                        .comment("twin: serve /index.html for client-side routes")
                        .runtime(FunctionRuntime.JS_2_0)
                        .code(FunctionCode.fromInline(SPA_REWRITE_CODE))
                        .build();
        ICachePolicy staticAssets =
                CachePolicy.Builder.create(this, "StaticAssetsCache")
                        .cachePolicyName(regionalName("static-assets", 128))
                        .comment("twin: static assets, cached long (every publish invalidates)")
                        .defaultTtl(props.getStaticAssetTtl())
                        .minTtl(Duration.seconds(0))
                        .maxTtl(Duration.days(365))
                        .cookieBehavior(CacheCookieBehavior.none())
                        .headerBehavior(CacheHeaderBehavior.none())
                        .queryStringBehavior(CacheQueryStringBehavior.none())
                        .enableAcceptEncodingGzip(true)
                        .enableAcceptEncodingBrotli(true)
                        .build();

        // What the API sees of a viewer request: the headers the runtime reads, plus
        // CloudFront-Viewer-Address
        // (set by CloudFront, so a viewer cannot forge it) for the runtime's per-address rate
        // limit. Not Host: it
        // must be the API's own host name, or API Gateway cannot route the request. A managed "all
        // viewer
        // headers" policy cannot add CloudFront headers without also forwarding Host.
        this.apiOriginRequest =
                props.getHttpApi() == null
                        ? null
                        : OriginRequestPolicy.Builder.create(this, "ApiOriginRequest")
                                .originRequestPolicyName(regionalName("api-origin-request", 128))
                                .comment(
                                        "twin: API headers and the viewer address (for rate limiting), never Host")
                                .headerBehavior(
                                        OriginRequestHeaderBehavior.allowList(
                                                API_FORWARDED_HEADERS.toArray(String[]::new)))
                                .queryStringBehavior(OriginRequestQueryStringBehavior.all())
                                .cookieBehavior(OriginRequestCookieBehavior.none())
                                .build();
        IOrigin site =
                S3BucketOrigin.withOriginAccessControl(
                        props.getFrontendBucket(),
                        S3BucketOriginWithOACProps.builder()
                                .originAccessControl(
                                        S3OriginAccessControl.Builder.create(this, "SiteOac")
                                                .originAccessControlName(
                                                        regionalName("site-oac", 64))
                                                .description(
                                                        "twin: CloudFront reads the site bucket")
                                                .signing(Signing.SIGV4_ALWAYS)
                                                .build())
                                .build());
        Map<String, BehaviorOptions> behaviors = new LinkedHashMap<>();
        if (props.getStreamFunction() != null) {
            // first: CloudFront takes the first matching pattern, and /api/* would match too
            behaviors.put(STREAM_PATH_PATTERN, streamBehavior(props.getStreamFunction()));
        }
        if (props.getHttpApi() != null) {
            String apiHost = Fn.select(2, Fn.split("/", props.getHttpApi().getApiEndpoint()));
            behaviors.put(
                    API_PATH_PATTERN,
                    BehaviorOptions.builder()
                            .origin(
                                    HttpOrigin.Builder.create(apiHost)
                                            // the origin lock: the function refuses requests
                                            // without it
                                            .customHeaders(props.getApiOriginHeaders())
                                            .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                                            .originSslProtocols(SecureDefaults.ORIGIN_TLS)
                                            .build())
                            .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                            .allowedMethods(AllowedMethods.ALLOW_ALL)
                            .cachePolicy(CachePolicy.CACHING_DISABLED)
                            .originRequestPolicy(apiOriginRequest)
                            .responseHeadersPolicy(securityHeaders)
                            .build());
        }
        for (String path : SecureDefaults.UNCACHED_PATHS) {
            behaviors.put(path, siteBehavior(site, CachePolicy.CACHING_DISABLED, false));
        }
        for (String extension : SecureDefaults.STATIC_ASSET_EXTENSIONS) {
            behaviors.put("*." + extension, siteBehavior(site, staticAssets, false));
        }

        Distribution.Builder distribution =
                Distribution.Builder.create(this, "Distribution")
                        .comment("twin: site and chat API")
                        .defaultRootObject("index.html")
                        // Client-side routes and the page are never cached, so a publish is visible
                        // at once.
                        .defaultBehavior(siteBehavior(site, CachePolicy.CACHING_DISABLED, true))
                        .additionalBehaviors(behaviors)
                        .httpVersion(HttpVersion.HTTP2_AND_3)
                        .priceClass(props.getPriceClass())
                        .enableIpv6(true);
        if (props.getDomainName() != null) {
            distribution
                    .domainNames(List.of(props.getDomainName()))
                    .certificate(
                            Certificate.fromCertificateArn(
                                    this, "Certificate", props.getCertificateArn()))
                    .minimumProtocolVersion(SecureDefaults.MINIMUM_VIEWER_TLS);
        }
        if (props.getLogBucket() != null) {
            distribution
                    .enableLogging(true)
                    .logBucket(props.getLogBucket())
                    .logFilePrefix(props.getLogPrefix());
        }
        this.distribution = distribution.build();
    }

    /**
     * An account-wide CloudFront name that is unique per stack and region: {@code
     * <stackName>-<what>-<region>}. CloudFront policy and OAC names are global to the account, so
     * the same twin and environment deployed in two regions would otherwise collide. The region may
     * be a token (environment-agnostic stack); the stack part is cut to fit {@code max}.
     */
    private String regionalName(String what, int max) {
        Stack stack = Stack.of(this);
        String region = stack.getRegion();
        int regionLength = Token.isUnresolved(region) ? LONGEST_REGION : region.length();
        String prefix = stack.getStackName() + "-" + what;
        int room = max - 1 - regionLength;
        if (prefix.length() > room) {
            prefix = prefix.substring(0, room);
        }
        return prefix + "-" + region;
    }

    /** Longest region name reserved when the region is a token (e.g. ap-southeast-7 is 14). */
    private static final int LONGEST_REGION = 16;

    /**
     * {@code POST /api/chat/stream} to a function URL in {@code RESPONSE_STREAM} mode, signed by a
     * Lambda Origin Access Control (the URL needs IAM auth, and its resource policy allows only
     * this distribution); never cached; every viewer header but {@code Host}, which must be the
     * URL's.
     */
    private BehaviorOptions streamBehavior(IFunction function) {
        FunctionUrl url =
                function.addFunctionUrl(
                        FunctionUrlOptions.builder()
                                .authType(FunctionUrlAuthType.AWS_IAM)
                                .invokeMode(InvokeMode.RESPONSE_STREAM)
                                .build());
        this.streamUrl = url;
        return BehaviorOptions.builder()
                .origin(
                        FunctionUrlOrigin.withOriginAccessControl(
                                url,
                                FunctionUrlOriginWithOACProps.builder()
                                        .originAccessControl(
                                                FunctionUrlOriginAccessControl.Builder.create(
                                                                this, "StreamOriginAccess")
                                                        .originAccessControlName(
                                                                regionalName("stream-oac", 64))
                                                        .signing(Signing.SIGV4_ALWAYS)
                                                        .build())
                                        .build()))
                .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .responseHeadersPolicy(securityHeaders)
                .build();
    }

    /** The streaming door's function URL, or {@code null} when there is none. */
    public FunctionUrl getStreamUrl() {
        return streamUrl;
    }

    private BehaviorOptions siteBehavior(
            IOrigin site, ICachePolicy cachePolicy, boolean spaRouting) {
        BehaviorOptions.Builder behavior =
                BehaviorOptions.builder()
                        .origin(site)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(cachePolicy)
                        .compress(true)
                        .responseHeadersPolicy(securityHeaders);
        if (spaRouting) {
            behavior.functionAssociations(
                    List.of(
                            FunctionAssociation.builder()
                                    .eventType(FunctionEventType.VIEWER_REQUEST)
                                    .function(spaRewrite)
                                    .build()));
        }
        return behavior.build();
    }

    /** The distribution. */
    public IDistribution getDistribution() {
        return distribution;
    }

    /** The security response-headers policy applied to every behavior. */
    public ResponseHeadersPolicy getSecurityHeaders() {
        return securityHeaders;
    }

    /** The origin request policy of the {@code /api/*} behavior ({@code null} without an API). */
    public OriginRequestPolicy getApiOriginRequestPolicy() {
        return apiOriginRequest;
    }

    /** The SPA-routing viewer-request function of the default behavior. */
    public Function getSpaRewrite() {
        return spaRewrite;
    }
}
