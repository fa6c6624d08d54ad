package dev.twin.maven.cdk;

/**
 * A resource of a deployed stack: its CloudFormation type, logical id and physical id (a bucket
 * name, an ARN).
 */
public record StackResource(String type, String logicalId, String physicalId) {

    public static final String BUCKET = "AWS::S3::Bucket";
    public static final String DISTRIBUTION = "AWS::CloudFront::Distribution";
    public static final String SECRET = "AWS::SecretsManager::Secret";
    public static final String KMS_KEY = "AWS::KMS::Key";
    public static final String LOG_GROUP = "AWS::Logs::LogGroup";

    public boolean isBucket() {
        return BUCKET.equals(type);
    }

    /** Resources a production stack retains on delete: data and keys. */
    public boolean holdsData() {
        return BUCKET.equals(type)
                || SECRET.equals(type)
                || KMS_KEY.equals(type)
                || LOG_GROUP.equals(type);
    }
}
