package dev.twin.cdk;

import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/** Props of {@link TwinIam}; every prop is optional, and each one absent grants nothing. */
public final class TwinIamProps {

    private final IBucket memoryBucket;
    private final ISecret apiKeySecret;
    private final ISecret originSecret;
    private final IKey secretKey;
    private final BedrockModelId bedrockModel;
    private final ILogGroup logGroup;

    private TwinIamProps(Builder b) {
        this.memoryBucket = b.memoryBucket;
        this.apiKeySecret = b.apiKeySecret;
        this.originSecret = b.originSecret;
        this.secretKey = b.secretKey;
        this.bedrockModel = b.bedrockModel;
        this.logGroup = b.logGroup;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Memory bucket: read {@code persona/*}, read/write {@code conversations/*}. @default no S3
     * access
     */
    public IBucket getMemoryBucket() {
        return memoryBucket;
    }

    /** The one secret the function may read. @default no secret access */
    public ISecret getApiKeySecret() {
        return apiKeySecret;
    }

    /**
     * The key that encrypts {@link #getApiKeySecret()}; decrypt only through Secrets
     * Manager. @default no KMS access
     */
    public IKey getSecretKey() {
        return secretKey;
    }

    /**
     * The one Bedrock model or inference profile the function may invoke. @default no Bedrock
     * access
     */
    public BedrockModelId getBedrockModel() {
        return bedrockModel;
    }

    /**
     * The function's own log group. @default no log access (add later with {@link
     * TwinIam#grantLogWrite})
     */
    public ILogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * The origin-lock secret the function reads (GetSecretValue on that one secret). @default none
     */
    public ISecret getOriginSecret() {
        return originSecret;
    }

    void validate(Problems problems) {
        problems.check(
                secretKey == null || apiKeySecret != null,
                "secretKey is set without apiKeySecret: the key is only usable to decrypt that secret; set both or neither");
    }

    /** Builder of {@link TwinIamProps}. */
    public static final class Builder {
        private IBucket memoryBucket;
        private ISecret apiKeySecret;
        private ISecret originSecret;
        private IKey secretKey;
        private BedrockModelId bedrockModel;
        private ILogGroup logGroup;

        public Builder memoryBucket(IBucket value) {
            this.memoryBucket = value;
            return this;
        }

        public Builder apiKeySecret(ISecret value) {
            this.apiKeySecret = value;
            return this;
        }

        public Builder originSecret(ISecret value) {
            this.originSecret = value;
            return this;
        }

        public Builder secretKey(IKey value) {
            this.secretKey = value;
            return this;
        }

        public Builder bedrockModel(BedrockModelId value) {
            this.bedrockModel = value;
            return this;
        }

        public Builder logGroup(ILogGroup value) {
            this.logGroup = value;
            return this;
        }

        public TwinIamProps build() {
            return new TwinIamProps(this);
        }
    }
}
