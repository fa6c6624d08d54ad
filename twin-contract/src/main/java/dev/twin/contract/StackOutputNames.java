package dev.twin.contract;

import java.util.List;

/**
 * Names of the outputs of a twin's stack; they never change (the constructs write them, the plugin
 * and CI scripts read them).
 */
public final class StackOutputNames {
    private StackOutputNames() {}

    /** The bucket the chat page is published to. */
    public static final String FRONTEND_BUCKET_NAME = "FrontendBucketName";

    /** The bucket holding the persona and the conversations. */
    public static final String MEMORY_BUCKET_NAME = "MemoryBucketName";

    /** The HTTP API's URL. */
    public static final String API_ENDPOINT = "ApiEndpoint";

    /** The CloudFront domain the site is served from. */
    public static final String CLOUDFRONT_DOMAIN = "CloudFrontDomain";

    /** The CloudFront distribution id (for invalidations). */
    public static final String DISTRIBUTION_ID = "DistributionId";

    /** The runtime's Lambda function name. */
    public static final String LAMBDA_FUNCTION_NAME = "LambdaFunctionName";

    /** The Secrets Manager secret holding the OpenAI-compatible API key. */
    public static final String API_KEY_SECRET_ARN = "ApiKeySecretArn";

    /** The SNS topic the alarms notify. */
    public static final String ALARM_TOPIC_ARN = "AlarmTopicArn";

    /** The owner's SNS topic (contacts and unknown questions the model's tools record). */
    public static final String OWNER_TOPIC_ARN = "OwnerTopicArn";

    /** The chat function's log group (twin:logs reads it). */
    public static final String LOG_GROUP_NAME = "LogGroupName";

    /**
     * The origin lock's secret (twin:deploy reads its current version to pin the header CloudFront
     * sends).
     */
    public static final String ORIGIN_SECRET_ARN = "OriginSecretArn";

    /** All output names, in a stable order. */
    public static final List<String> ALL =
            List.of(
                    FRONTEND_BUCKET_NAME,
                    MEMORY_BUCKET_NAME,
                    API_ENDPOINT,
                    CLOUDFRONT_DOMAIN,
                    DISTRIBUTION_ID,
                    LAMBDA_FUNCTION_NAME,
                    API_KEY_SECRET_ARN,
                    ALARM_TOPIC_ARN,
                    OWNER_TOPIC_ARN,
                    LOG_GROUP_NAME,
                    ORIGIN_SECRET_ARN);
}
