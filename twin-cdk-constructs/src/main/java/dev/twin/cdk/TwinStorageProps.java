package dev.twin.cdk;

import software.amazon.awscdk.RemovalPolicy;

/** Props of {@link TwinStorage}; every prop is optional. */
public final class TwinStorageProps {

    private final RemovalPolicy removalPolicy;
    private final Integer conversationExpiryDays;
    private final Integer leadExpiryDays;
    private final int noncurrentVersionExpiryDays;
    private final int accessLogExpiryDays;

    private TwinStorageProps(Builder b) {
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
        this.conversationExpiryDays = b.conversationExpiryDays;
        this.leadExpiryDays = b.leadExpiryDays;
        this.noncurrentVersionExpiryDays =
                b.noncurrentVersionExpiryDays != null
                        ? b.noncurrentVersionExpiryDays
                        : SecureDefaults.NONCURRENT_VERSION_EXPIRY_DAYS;
        this.accessLogExpiryDays =
                b.accessLogExpiryDays != null
                        ? b.accessLogExpiryDays
                        : SecureDefaults.ACCESS_LOG_EXPIRY_DAYS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What happens to the buckets when the stack is deleted. @default {@code RETAIN} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    /**
     * Days after which {@code conversations/} objects expire (privacy); {@code null} keeps
     * them. @default null
     */
    public Integer getConversationExpiryDays() {
        return conversationExpiryDays;
    }

    /**
     * Days after which {@code leads/} and {@code unknown/} objects expire; {@code null} keeps them.
     *
     * @default null
     */
    public Integer getLeadExpiryDays() {
        return leadExpiryDays;
    }

    /** Days after which noncurrent memory-object versions expire. @default 30 */
    public int getNoncurrentVersionExpiryDays() {
        return noncurrentVersionExpiryDays;
    }

    /** Days after which access logs expire. @default 90 */
    public int getAccessLogExpiryDays() {
        return accessLogExpiryDays;
    }

    void validate(Problems problems) {
        problems.check(
                conversationExpiryDays == null || conversationExpiryDays >= 1,
                "conversationExpiryDays "
                        + conversationExpiryDays
                        + " must be at least 1 (or unset to keep conversations)");
        problems.check(
                leadExpiryDays == null || leadExpiryDays >= 1,
                "leadExpiryDays " + leadExpiryDays + " must be at least 1 (or unset to keep them)");
        problems.check(
                noncurrentVersionExpiryDays >= 1,
                "noncurrentVersionExpiryDays "
                        + noncurrentVersionExpiryDays
                        + " must be at least 1");
        problems.check(
                accessLogExpiryDays >= 1,
                "accessLogExpiryDays " + accessLogExpiryDays + " must be at least 1");
    }

    /** Builder of {@link TwinStorageProps}. */
    public static final class Builder {
        private RemovalPolicy removalPolicy;
        private Integer conversationExpiryDays;
        private Integer leadExpiryDays;
        private Integer noncurrentVersionExpiryDays;
        private Integer accessLogExpiryDays;

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public Builder conversationExpiryDays(Integer value) {
            this.conversationExpiryDays = value;
            return this;
        }

        public Builder leadExpiryDays(Integer value) {
            this.leadExpiryDays = value;
            return this;
        }

        public Builder noncurrentVersionExpiryDays(Integer value) {
            this.noncurrentVersionExpiryDays = value;
            return this;
        }

        public Builder accessLogExpiryDays(Integer value) {
            this.accessLogExpiryDays = value;
            return this;
        }

        public TwinStorageProps build() {
            return new TwinStorageProps(this);
        }
    }
}
