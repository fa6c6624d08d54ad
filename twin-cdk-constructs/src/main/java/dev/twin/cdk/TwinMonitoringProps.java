package dev.twin.cdk;

import dev.twin.contract.StackSafeName;
import java.util.regex.Pattern;
import software.amazon.awscdk.services.apigatewayv2.IHttpApi;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * Props of {@link TwinMonitoring}; every prop is optional (an absent function or API gets no
 * alarms).
 */
public final class TwinMonitoringProps {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final IFunction function;
    private final IHttpApi httpApi;
    private final String twinName;
    private final String metricsName;
    private final String alarmEmail;
    private final IKey topicKey;
    private final double errorRatePercent;
    private final double clientErrorRatePercent;
    private final int modelTokensPerHourAlarm;

    private TwinMonitoringProps(Builder b) {
        this.function = b.function;
        this.httpApi = b.httpApi;
        this.twinName = b.twinName != null ? b.twinName : "twin";
        this.metricsName = b.metricsName != null ? b.metricsName : StackSafeName.of(this.twinName);
        this.alarmEmail = b.alarmEmail;
        this.topicKey = b.topicKey;
        this.errorRatePercent =
                b.errorRatePercent != null
                        ? b.errorRatePercent
                        : SecureDefaults.LAMBDA_ERROR_RATE_PERCENT;
        this.clientErrorRatePercent =
                b.clientErrorRatePercent != null
                        ? b.clientErrorRatePercent
                        : SecureDefaults.API_4XX_RATE_PERCENT;
        this.modelTokensPerHourAlarm =
                b.modelTokensPerHourAlarm != null
                        ? b.modelTokensPerHourAlarm
                        : SecureDefaults.MODEL_TOKENS_PER_HOUR_ALARM;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The chat function. @default no Lambda alarms or widgets */
    public IFunction getFunction() {
        return function;
    }

    /** The chat API. @default no API alarms or widgets */
    public IHttpApi getHttpApi() {
        return httpApi;
    }

    /** The twin's name as people read it (the alarm topic's display name). @default {@code twin} */
    public String getTwinName() {
        return twinName;
    }

    /**
     * Value of the runtime's {@code TwinName} metric dimension: ASCII, as CloudWatch requires.
     *
     * @default {@link StackSafeName#of(String)} of {@link #getTwinName()}, the rule the runtime
     *     applies to {@code TWIN_NAME}
     */
    public String getMetricsName() {
        return metricsName;
    }

    /**
     * Address subscribed to the alarm topic (the owner confirms by mail). @default no subscription
     */
    public String getAlarmEmail() {
        return alarmEmail;
    }

    /** Key encrypting the alarm topic. @default a new customer-managed key with rotation */
    public IKey getTopicKey() {
        return topicKey;
    }

    /** Lambda error-rate threshold in percent. @default 5 */
    public double getErrorRatePercent() {
        return errorRatePercent;
    }

    /** API 4xx-rate threshold in percent. @default 20 */
    public double getClientErrorRatePercent() {
        return clientErrorRatePercent;
    }

    /**
     * Model tokens (input + output) in one hour above which the owner is alarmed. @default 500000
     */
    public int getModelTokensPerHourAlarm() {
        return modelTokensPerHourAlarm;
    }

    static boolean isEmail(String email) {
        return EMAIL.matcher(email).matches();
    }

    static void validateEmail(String email, Problems problems) {
        problems.check(
                email == null || EMAIL.matcher(email).matches(),
                "alarmEmail '" + email + "' is not an e-mail address such as ops@example.com");
    }

    void validate(Problems problems) {
        validateEmail(alarmEmail, problems);
        problems.check(
                errorRatePercent > 0 && errorRatePercent <= 100,
                "errorRatePercent " + errorRatePercent + " must be in (0, 100]");
        problems.check(
                clientErrorRatePercent > 0 && clientErrorRatePercent <= 100,
                "clientErrorRatePercent " + clientErrorRatePercent + " must be in (0, 100]");
        problems.check(
                modelTokensPerHourAlarm >= 1,
                "modelTokensPerHourAlarm " + modelTokensPerHourAlarm + " must be at least 1 token");
    }

    /** Builder of {@link TwinMonitoringProps}. */
    public static final class Builder {
        private IFunction function;
        private IHttpApi httpApi;
        private String twinName;
        private String metricsName;
        private String alarmEmail;
        private IKey topicKey;
        private Double errorRatePercent;
        private Double clientErrorRatePercent;
        private Integer modelTokensPerHourAlarm;

        public Builder function(IFunction value) {
            this.function = value;
            return this;
        }

        public Builder httpApi(IHttpApi value) {
            this.httpApi = value;
            return this;
        }

        public Builder twinName(String value) {
            this.twinName = value;
            return this;
        }

        public Builder metricsName(String value) {
            this.metricsName = value;
            return this;
        }

        public Builder alarmEmail(String value) {
            this.alarmEmail = value;
            return this;
        }

        public Builder topicKey(IKey value) {
            this.topicKey = value;
            return this;
        }

        public Builder errorRatePercent(Double value) {
            this.errorRatePercent = value;
            return this;
        }

        public Builder clientErrorRatePercent(Double value) {
            this.clientErrorRatePercent = value;
            return this;
        }

        public Builder modelTokensPerHourAlarm(Integer value) {
            this.modelTokensPerHourAlarm = value;
            return this;
        }

        public TwinMonitoringProps build() {
            return new TwinMonitoringProps(this);
        }
    }
}
