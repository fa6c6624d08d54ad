package dev.twin.cdk;

import dev.twin.contract.TwinEnvironment;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link TwinApi}; all optional except {@code handler}. */
public final class TwinApiProps {

    private final IFunction handler;
    private final List<String> allowedOrigins;
    private final int rateLimit;
    private final int burstLimit;
    private final RetentionDays accessLogRetention;
    private final RemovalPolicy removalPolicy;

    private TwinApiProps(Builder b) {
        this.handler = b.handler;
        this.allowedOrigins = b.allowedOrigins != null ? List.copyOf(b.allowedOrigins) : List.of();
        this.rateLimit = b.rateLimit != null ? b.rateLimit : SecureDefaults.API_RATE_LIMIT;
        this.burstLimit = b.burstLimit != null ? b.burstLimit : SecureDefaults.API_BURST_LIMIT;
        this.accessLogRetention =
                b.accessLogRetention != null
                        ? b.accessLogRetention
                        : SecureDefaults.logRetention(TwinEnvironment.PROD);
        this.removalPolicy = b.removalPolicy != null ? b.removalPolicy : RemovalPolicy.RETAIN;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The function (or alias) behind every route. Required. */
    public IFunction getHandler() {
        return handler;
    }

    /**
     * Origins allowed to call the API cross-origin ({@code https://...}, never {@code *}).
     *
     * @default none: no CORS at all (the site calls {@code /api} on its own origin and needs none)
     */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /** Default-stage steady-state rate limit (requests per second, per route). @default 1,000 */
    public int getRateLimit() {
        return rateLimit;
    }

    /** Default-stage burst limit (per route). @default 2,000 */
    public int getBurstLimit() {
        return burstLimit;
    }

    /** Retention of the access-log group. @default three months */
    public RetentionDays getAccessLogRetention() {
        return accessLogRetention;
    }

    /** What happens to the access-log group when the stack is deleted. @default {@code RETAIN} */
    public RemovalPolicy getRemovalPolicy() {
        return removalPolicy;
    }

    void validate(Problems problems) {
        problems.check(
                handler != null,
                "handler is missing: pass the chat function or its alias (TwinCompute#getAlias)");
        for (String origin : allowedOrigins) {
            problems.check(
                    origin != null && origin.matches("https://[a-z0-9.-]+(:[0-9]{1,5})?"),
                    "allowed origin '"
                            + origin
                            + "' must be one exact https origin such as https://twin.example.com"
                            + " (no path, no wildcard)");
        }
        problems.check(rateLimit >= 1, "rateLimit " + rateLimit + " must be at least 1");
        problems.check(burstLimit >= 1, "burstLimit " + burstLimit + " must be at least 1");
    }

    /** Builder of {@link TwinApiProps}. */
    public static final class Builder {
        private IFunction handler;
        private List<String> allowedOrigins;
        private Integer rateLimit;
        private Integer burstLimit;
        private RetentionDays accessLogRetention;
        private RemovalPolicy removalPolicy;

        public Builder handler(IFunction value) {
            this.handler = value;
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            this.allowedOrigins = value;
            return this;
        }

        public Builder rateLimit(Integer value) {
            this.rateLimit = value;
            return this;
        }

        public Builder burstLimit(Integer value) {
            this.burstLimit = value;
            return this;
        }

        public Builder accessLogRetention(RetentionDays value) {
            this.accessLogRetention = value;
            return this;
        }

        public Builder removalPolicy(RemovalPolicy value) {
            this.removalPolicy = value;
            return this;
        }

        public TwinApiProps build() {
            return new TwinApiProps(this);
        }
    }
}
