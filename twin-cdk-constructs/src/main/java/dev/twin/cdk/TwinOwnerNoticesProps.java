package dev.twin.cdk;

import software.amazon.awscdk.RemovalPolicy;

/** Props of {@link TwinOwnerNotices}; every prop optional. */
public final class TwinOwnerNoticesProps {

    private final String twinName;
    private final String ownerEmail;
    private final RemovalPolicy removalPolicy;

    private TwinOwnerNoticesProps(Builder b) {
        this.removalPolicy = b.removalPolicy == null ? RemovalPolicy.RETAIN : b.removalPolicy;
        this.twinName = b.twinName == null ? "twin" : b.twinName;
        this.ownerEmail = b.ownerEmail;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shown as the topic's display name (the e-mail sender). @default {@code "twin"} */
    public String getTwinName() {
        return twinName;
    }

    /**
     * Where contacts and unknown questions are e-mailed (SNS asks the owner to confirm first).
     *
     * @default null: no subscription; the records are still kept and readable with twin:leads
     */
    public String getOwnerEmail() {
        return ownerEmail;
    }

    /** What happens to the topic's key when the stack is deleted. @default {@code RETAIN} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    void validate(Problems problems) {
        problems.check(
                ownerEmail == null || TwinMonitoringProps.isEmail(ownerEmail),
                "ownerEmail '" + ownerEmail + "' is not an e-mail address such as me@example.com");
    }

    /** Builder; unset props take their documented defaults. */
    public static final class Builder {
        private String twinName;
        private String ownerEmail;
        private RemovalPolicy removalPolicy;

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public Builder twinName(String value) {
            this.twinName = value;
            return this;
        }

        public Builder ownerEmail(String value) {
            this.ownerEmail = value;
            return this;
        }

        public TwinOwnerNoticesProps build() {
            return new TwinOwnerNoticesProps(this);
        }
    }
}
