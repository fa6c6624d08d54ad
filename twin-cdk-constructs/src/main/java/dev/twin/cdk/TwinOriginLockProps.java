package dev.twin.cdk;

import software.amazon.awscdk.RemovalPolicy;

/** Props of {@link TwinOriginLock}; all optional. */
public final class TwinOriginLockProps {

    private final RemovalPolicy removalPolicy;

    private TwinOriginLockProps(Builder b) {
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
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

    void validate(Problems problems) {
        // nothing to combine wrongly yet
    }

    /** Builder of {@link TwinOriginLockProps}. */
    public static final class Builder {
        private RemovalPolicy removalPolicy;

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public TwinOriginLockProps build() {
            return new TwinOriginLockProps(this);
        }
    }
}
