package dev.twin.cdk;

import software.constructs.Construct;

/**
 * The CDK feature flags the twin constructs rely on, set on each construct's own node so that they
 * hold even inside an app that did not set them (a plugin synthesizing in-process, or a user's own
 * app).
 */
final class FeatureFlags {

    private FeatureFlags() {}

    /**
     * Must run first in a constructor: context can only be set on a node before it has children.
     */
    static void apply(Construct construct) {
        var node = construct.getNode();
        // Server-access-log delivery through a bucket policy works with ACLs disabled; the legacy
        // ACL grant does not.
        node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        // Log-delivery buckets get an explicit delivery policy instead of relying on ACL side
        // effects.
        node.setContext("@aws-cdk/aws-s3:createDefaultLoggingPolicy", true);
        // Lambda versions hash the whole function config, so a config change publishes a new
        // SnapStart version.
        node.setContext("@aws-cdk/aws-lambda:recognizeLayerVersion", true);
        node.setContext("@aws-cdk/aws-lambda:recognizeVersionProps", true);
        // A distribution with a certificate defaults to TLSv1.2_2021 (we also set it explicitly).
        node.setContext("@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021", true);
        // IAM policy statements are merged and deduplicated.
        node.setContext("@aws-cdk/aws-iam:minimizePolicies", true);
    }
}
