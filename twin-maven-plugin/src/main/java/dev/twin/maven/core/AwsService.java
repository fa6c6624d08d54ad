package dev.twin.maven.core;

/** The AWS services the goals call directly (the CDK CLI does the rest). */
public enum AwsService {
    S3,
    CLOUDFRONT,
    SECRETSMANAGER,
    CLOUDFORMATION,
    STS,
    /** CloudWatch Logs: twin:logs. */
    LOGS,
    /** Bedrock Runtime: twin:deploy's first model call with the deployer's credentials. */
    BEDROCK_RUNTIME
}
