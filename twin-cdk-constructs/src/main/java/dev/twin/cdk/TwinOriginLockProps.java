package dev.twin.cdk;

import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awscdk.RemovalPolicy;

/** Props of {@link TwinOriginLock}; all optional. */
public final class TwinOriginLockProps {

    /** A Secrets Manager version id: a UUID as AWS makes them, or the id a caller chose. */
    private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");

    private final RemovalPolicy removalPolicy;
    private final String secretVersionId;

    private TwinOriginLockProps(Builder b) {
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
        this.secretVersionId =
                b.secretVersionId == null || b.secretVersionId.isBlank()
                        ? null
                        : b.secretVersionId.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What happens to the secret when the stack is deleted. @default {@code RETAIN} (the stack
     * passes DESTROY for dev)
     */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * The secret's version whose {@code current} value CloudFront sends, pinned in the header's
     * dynamic reference. CloudFormation resolves a dynamic reference only when the resource holding
     * it changes; twin:deploy passes the version current at each deploy, so after a rotation the
     * template changes and the distribution gets the new value. @default none: the version current
     * when CloudFormation resolves the reference (a first deploy, or a plain {@code cdk deploy})
     */
    public Optional<String> getSecretVersionId() {
        return Optional.ofNullable(secretVersionId);
    }

    void validate(Problems problems) {
        if (secretVersionId != null && !VERSION_ID.matcher(secretVersionId).matches()) {
            problems.add(
                    "secretVersionId is '"
                            + secretVersionId
                            + "': use a Secrets Manager version id (32-64 letters, digits and"
                            + " dashes), or leave it unset to send the current version");
        }
    }

    /** Builder of {@link TwinOriginLockProps}. */
    public static final class Builder {
        private RemovalPolicy removalPolicy;
        private String secretVersionId;

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public Builder secretVersionId(String value) {
            this.secretVersionId = value;
            return this;
        }

        public TwinOriginLockProps build() {
            return new TwinOriginLockProps(this);
        }
    }
}
