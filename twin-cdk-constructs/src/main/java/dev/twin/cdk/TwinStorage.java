package dev.twin.cdk;

import dev.twin.contract.MemoryBucketLayout;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.constructs.Construct;

/**
 * The twin's buckets: the site (frontend), the memory (persona and conversations) and their access
 * logs.
 *
 * <p>All three are SSE-S3, block all public access, deny non-TLS requests and have no auto-delete
 * custom resource. The frontend and memory buckets are bucket-owner-enforced (no ACLs). The
 * access-logs bucket is the one exception that keeps ACLs ({@code BUCKET_OWNER_PREFERRED}):
 * CloudFront standard logging can only deliver through an ACL grant; nothing else writes there, and
 * its public access stays blocked.
 */
public class TwinStorage extends Construct {

    /** Prefix of the frontend bucket's server access logs in the access-logs bucket. */
    public static final String FRONTEND_LOG_PREFIX = "s3/frontend/";

    /** Prefix of the memory bucket's server access logs in the access-logs bucket. */
    public static final String MEMORY_LOG_PREFIX = "s3/memory/";

    /** Prefix of the CloudFront logs in the access-logs bucket. */
    public static final String CLOUDFRONT_LOG_PREFIX = "cloudfront/";

    private final Bucket accessLogsBucket;
    private final Bucket frontendBucket;
    private final Bucket memoryBucket;

    public TwinStorage(Construct scope, String id) {
        this(scope, id, TwinStorageProps.builder().build());
    }

    public TwinStorage(Construct scope, String id, TwinStorageProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        this.accessLogsBucket =
                new Bucket(
                        this,
                        "AccessLogsBucket",
                        SecureDefaults.privateBucket(props.getRemovalPolicy())
                                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                                .lifecycleRules(
                                        List.of(
                                                LifecycleRule.builder()
                                                        .id("expire-access-logs")
                                                        .expiration(
                                                                Duration.days(
                                                                        props
                                                                                .getAccessLogExpiryDays()))
                                                        .abortIncompleteMultipartUploadAfter(
                                                                Duration.days(1))
                                                        .build()))
                                .build());

        this.frontendBucket =
                new Bucket(
                        this,
                        "FrontendBucket",
                        SecureDefaults.privateBucket(props.getRemovalPolicy())
                                .serverAccessLogsBucket(accessLogsBucket)
                                .serverAccessLogsPrefix(FRONTEND_LOG_PREFIX)
                                .build());

        List<LifecycleRule> memoryRules = new ArrayList<>();
        memoryRules.add(
                LifecycleRule.builder()
                        .id("tiering-and-noncurrent-expiry")
                        .transitions(
                                List.of(
                                        Transition.builder()
                                                .storageClass(StorageClass.INTELLIGENT_TIERING)
                                                .transitionAfter(
                                                        Duration.days(
                                                                SecureDefaults
                                                                        .MEMORY_TIERING_AFTER_DAYS))
                                                .build()))
                        .noncurrentVersionExpiration(
                                Duration.days(props.getNoncurrentVersionExpiryDays()))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build());
        if (props.getConversationExpiryDays() != null) {
            memoryRules.add(
                    LifecycleRule.builder()
                            .id("expire-conversations")
                            .prefix(MemoryBucketLayout.CONVERSATIONS_PREFIX)
                            .expiration(Duration.days(props.getConversationExpiryDays()))
                            // a conversation's older versions hold its text too: they go with it
                            .noncurrentVersionExpiration(
                                    Duration.days(
                                            Math.min(
                                                    props.getConversationExpiryDays(),
                                                    props.getNoncurrentVersionExpiryDays())))
                            .build());
        }
        if (props.getLeadExpiryDays() != null) {
            for (String prefix :
                    List.of(MemoryBucketLayout.LEADS_PREFIX, MemoryBucketLayout.UNKNOWN_PREFIX)) {
                memoryRules.add(
                        LifecycleRule.builder()
                                .id("expire-" + prefix.substring(0, prefix.length() - 1))
                                .prefix(prefix)
                                .expiration(Duration.days(props.getLeadExpiryDays()))
                                .build());
            }
        }
        this.memoryBucket =
                new Bucket(
                        this,
                        "MemoryBucket",
                        SecureDefaults.privateBucket(props.getRemovalPolicy())
                                .versioned(true)
                                .serverAccessLogsBucket(accessLogsBucket)
                                .serverAccessLogsPrefix(MEMORY_LOG_PREFIX)
                                .lifecycleRules(memoryRules)
                                .build());
    }

    /** The site's bucket (CloudFront reads it through Origin Access Control). */
    public IBucket getFrontendBucket() {
        return frontendBucket;
    }

    /** The memory bucket: {@code persona/} and {@code conversations/}. */
    public IBucket getMemoryBucket() {
        return memoryBucket;
    }

    /** The bucket receiving S3 server access logs and CloudFront logs. */
    public IBucket getAccessLogsBucket() {
        return accessLogsBucket;
    }
}
