package dev.twin.cdk;

import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;

/** Props of {@link TwinSecrets}; every prop is optional. */
public final class TwinSecretsProps {

    /** Default secret name when no environment-specific one is given. */
    public static final String DEFAULT_SECRET_NAME = "digital-twin-chat/llm-api-key";

    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");

    private final String secretName;
    private final RemovalPolicy removalPolicy;
    private final boolean adoptExisting;
    private final String existingKeyArn;

    private TwinSecretsProps(Builder b) {
        this.adoptExisting = Boolean.TRUE.equals(b.adoptExisting);
        this.existingKeyArn = b.existingKeyArn;
        this.secretName = b.secretName != null ? b.secretName : DEFAULT_SECRET_NAME;
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The API-key secret's name; give each twin its own so two twins in one account don't
     * clash. @default {@value #DEFAULT_SECRET_NAME}
     */
    public String getSecretName() {
        return secretName;
    }

    /** What happens to the key and the secret when the stack is deleted. @default {@code RETAIN} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * Adopt the existing secret named {@link #getSecretName()} (retained by an earlier stack of
     * this twin) instead of creating it; the stack then neither creates nor deletes it.
     *
     * @default false
     */
    public boolean isAdoptExisting() {
        return adoptExisting;
    }

    /**
     * The KMS key encrypting the adopted secret, when it is a customer-managed key. @default unset
     */
    public String getExistingKeyArn() {
        return existingKeyArn;
    }

    static void validateSecretName(String name, Problems problems) {
        problems.check(
                SECRET_NAME.matcher(name).matches()
                        && !name.endsWith("-")
                        && !name.matches(".*-[A-Za-z0-9]{6}$"),
                "apiKeySecretName '"
                        + name
                        + "' is not a valid Secrets Manager name: use letters, digits and"
                        + " /_+=.@- (e.g. digital-twin-chat/prod/llm-api-key), and don't end it with a hyphen"
                        + " followed by six characters (Secrets Manager reserves that suffix)");
    }

    void validate(Problems problems) {
        validateSecretName(secretName, problems);
    }

    /** Builder of {@link TwinSecretsProps}. */
    public static final class Builder {
        private String secretName;
        private RemovalPolicy removalPolicy;
        private Boolean adoptExisting;
        private String existingKeyArn;

        public Builder adoptExisting(Boolean value) {
            this.adoptExisting = value;
            return this;
        }

        public Builder existingKeyArn(String value) {
            this.existingKeyArn = value;
            return this;
        }

        public Builder secretName(String value) {
            this.secretName = value;
            return this;
        }

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public TwinSecretsProps build() {
            return new TwinSecretsProps(this);
        }
    }
}
