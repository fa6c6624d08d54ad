package dev.twin.cdk;

import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.IHttpApi;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.IBucket;

/** Props of {@link TwinCdn}; all optional except {@code frontendBucket}. */
public final class TwinCdnProps {

    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern CLOUDFRONT_CERTIFICATE =
            Pattern.compile("arn:aws[a-z-]*:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}");

    private final IBucket frontendBucket;
    private final IHttpApi httpApi;
    private final Map<String, String> apiOriginHeaders;
    private final String domainName;
    private final String certificateArn;
    private final IBucket logBucket;
    private final String logPrefix;
    private final PriceClass priceClass;
    private final Duration staticAssetTtl;
    private final IFunction streamFunction;

    private TwinCdnProps(Builder b) {
        this.frontendBucket = b.frontendBucket;
        this.httpApi = b.httpApi;
        this.apiOriginHeaders =
                b.apiOriginHeaders != null ? Map.copyOf(b.apiOriginHeaders) : Map.of();
        this.domainName = b.domainName;
        this.certificateArn = b.certificateArn;
        this.logBucket = b.logBucket;
        this.logPrefix = b.logPrefix != null ? b.logPrefix : TwinStorage.CLOUDFRONT_LOG_PREFIX;
        this.priceClass = b.priceClass != null ? b.priceClass : PriceClass.PRICE_CLASS_100;
        this.staticAssetTtl =
                b.staticAssetTtl != null ? b.staticAssetTtl : SecureDefaults.STATIC_ASSET_TTL;
        this.streamFunction = b.streamFunction;
    }

    /**
     * The function (its alias, so SnapStart applies) that answers {@code POST /api/chat/stream}
     * through a function URL ({@code RESPONSE_STREAM}, {@code AWS_IAM}) behind this distribution
     * with a Lambda Origin Access Control (docs/streaming.md).
     *
     * @default none: no streaming door; the page then uses {@code /api/chat}
     */
    public IFunction getStreamFunction() {
        return streamFunction;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The site's bucket, read through Origin Access Control. Required. */
    public IBucket getFrontendBucket() {
        return frontendBucket;
    }

    /** The chat API, served on {@code /api/*}. @default no {@code /api/*} behavior */
    public IHttpApi getHttpApi() {
        return httpApi;
    }

    /**
     * Headers CloudFront adds to every request it forwards to the API origin, e.g. {@link
     * TwinOriginLock#getOriginHeaders()} (values should be dynamic references, never literals).
     *
     * @default none
     */
    public Map<String, String> getApiOriginHeaders() {
        return apiOriginHeaders;
    }

    /**
     * Custom domain (e.g. {@code twin.example.com}); needs {@link #getCertificateArn()}. @default
     * CloudFront's domain
     */
    public String getDomainName() {
        return domainName;
    }

    /**
     * ACM certificate in us-east-1 covering {@link #getDomainName()}. @default none (CloudFront's
     * certificate)
     */
    public String getCertificateArn() {
        return certificateArn;
    }

    /**
     * Bucket for CloudFront standard logs (must allow ACLs). @default no logging (not recommended)
     */
    public IBucket getLogBucket() {
        return logBucket;
    }

    /** Prefix of the CloudFront logs. @default {@code cloudfront/} */
    public String getLogPrefix() {
        return logPrefix;
    }

    /** Edge locations used. @default {@code PRICE_CLASS_100} (North America and Europe) */
    public PriceClass getPriceClass() {
        return priceClass;
    }

    /** Default TTL of static assets. @default 7 days */
    public Duration getStaticAssetTtl() {
        return staticAssetTtl;
    }

    /**
     * Adds the problems of a domain / certificate pair; shared with the stack props' validation.
     */
    static void validateDomain(String domainName, String certificateArn, Problems problems) {
        problems.check(
                (domainName == null) == (certificateArn == null),
                "domainName and certificateArn go together: set both (a custom domain needs an ACM certificate"
                        + " in us-east-1) or neither (CloudFront's own domain and certificate)");
        problems.check(
                domainName == null || DOMAIN.matcher(domainName).matches(),
                "domainName '"
                        + domainName
                        + "' is not a lowercase DNS name such as twin.example.com");
        problems.check(
                certificateArn == null || CLOUDFRONT_CERTIFICATE.matcher(certificateArn).matches(),
                "certificateArn '"
                        + certificateArn
                        + "' is not an ACM certificate ARN in us-east-1"
                        + " (CloudFront only uses certificates from us-east-1: arn:aws:acm:us-east-1:<account>:certificate/<id>)");
    }

    void validate(Problems problems) {
        problems.check(
                frontendBucket != null,
                "frontendBucket is missing: pass TwinStorage#getFrontendBucket");
        validateDomain(domainName, certificateArn, problems);
    }

    /** Builder of {@link TwinCdnProps}. */
    public static final class Builder {
        private IBucket frontendBucket;
        private IHttpApi httpApi;
        private Map<String, String> apiOriginHeaders;

        public Builder apiOriginHeaders(Map<String, String> value) {
            this.apiOriginHeaders = value;
            return this;
        }

        private String domainName;
        private String certificateArn;
        private IBucket logBucket;
        private String logPrefix;
        private PriceClass priceClass;
        private Duration staticAssetTtl;
        private IFunction streamFunction;

        public Builder streamFunction(IFunction value) {
            this.streamFunction = value;
            return this;
        }

        public Builder frontendBucket(IBucket value) {
            this.frontendBucket = value;
            return this;
        }

        public Builder httpApi(IHttpApi value) {
            this.httpApi = value;
            return this;
        }

        public Builder domainName(String value) {
            this.domainName = value;
            return this;
        }

        public Builder certificateArn(String value) {
            this.certificateArn = value;
            return this;
        }

        public Builder logBucket(IBucket value) {
            this.logBucket = value;
            return this;
        }

        public Builder logPrefix(String value) {
            this.logPrefix = value;
            return this;
        }

        public Builder priceClass(PriceClass value) {
            this.priceClass = value;
            return this;
        }

        public Builder staticAssetTtl(Duration value) {
            this.staticAssetTtl = value;
            return this;
        }

        public TwinCdnProps build() {
            return new TwinCdnProps(this);
        }
    }
}
