package dev.twin.cdk;

import dev.twin.contract.RuntimeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms (Lambda error rate, p99 duration, throttles, API 5xx, API 4xx rate, model tokens per hour,
 * daily model budget reached) to an encrypted, TLS-only SNS topic, and a dashboard of the function,
 * the API and the runtime's token metrics.
 */
public class TwinMonitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    /** CloudWatch's service principal: it publishes alarm notifications. */
    static final String CLOUDWATCH = "cloudwatch.amazonaws.com";

    /** A 4xx rate over a handful of requests is noise (one bot probing a path), not an incident. */
    static final int MIN_REQUESTS_FOR_RATE = 10;

    private final Topic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;
    private final Subscription emailSubscription;

    public TwinMonitoring(Construct scope, String id) {
        this(scope, id, TwinMonitoringProps.builder().build());
    }

    public TwinMonitoring(Construct scope, String id, TwinMonitoringProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        IKey key =
                props.getTopicKey() != null
                        ? props.getTopicKey()
                        : Key.Builder.create(this, "TopicKey")
                                .enableKeyRotation(true)
                                .description("twin: encrypts the alarm topic")
                                .build();
        // CloudWatch publishes alarm notifications to the encrypted topic; it needs exactly these
        // two actions.
        key.grant(
                new ServicePrincipal("cloudwatch.amazonaws.com"),
                "kms:Decrypt",
                "kms:GenerateDataKey");
        this.alarmTopic =
                Topic.Builder.create(this, "AlarmTopic")
                        // SNS display names are shown in e-mail senders and accept printable ASCII
                        // only; the name may not be.
                        .displayName(
                                ("twin " + props.getTwinName() + " alarms")
                                        .replaceAll("[^\\x20-\\x7E]", "_"))
                        .masterKey(key)
                        .enforceSsl(true)
                        .build();
        allowCloudWatchToPublish(alarmTopic);
        this.emailSubscription =
                props.getAlarmEmail() == null
                        ? null
                        : alarmTopic.addSubscription(new EmailSubscription(props.getAlarmEmail()));

        List<IWidget> widgets = new ArrayList<>();
        if (props.getFunction() != null) {
            addFunctionAlarms(props);
            widgets.add(
                    graph(
                            "Lambda invocations and errors",
                            List.of(
                                    props.getFunction().metricInvocations(sum()),
                                    props.getFunction().metricErrors(sum()),
                                    props.getFunction().metricThrottles(sum()))));
            widgets.add(
                    graph(
                            "Lambda duration (p50, p99)",
                            List.of(
                                    props.getFunction().metricDuration(stat("p50")),
                                    props.getFunction().metricDuration(stat("p99")))));
        }
        if (props.getHttpApi() != null) {
            addApiAlarms(props);
            widgets.add(
                    graph(
                            "API requests and errors",
                            List.of(
                                    props.getHttpApi().metricCount(sum()),
                                    props.getHttpApi().metricClientError(sum()),
                                    props.getHttpApi().metricServerError(sum()))));
            widgets.add(
                    graph(
                            "API latency (p50, p99)",
                            List.of(
                                    props.getHttpApi().metricLatency(stat("p50")),
                                    props.getHttpApi().metricLatency(stat("p99")))));
        }
        if (props.getFunction() != null) {
            // the runtime in that function writes the token and error metrics these alarms watch
            addCostAlarms(props);
        }
        widgets.add(
                graph(
                        "Model tokens",
                        List.of(
                                twinMetric(props, RuntimeMetrics.INPUT_TOKENS, "Sum"),
                                twinMetric(props, RuntimeMetrics.OUTPUT_TOKENS, "Sum"))));
        widgets.add(
                graph(
                        "Chat and model latency (p99)",
                        List.of(
                                twinMetric(props, RuntimeMetrics.LATENCY_MS, "p99"),
                                twinMetric(props, RuntimeMetrics.MODEL_LATENCY_MS, "p99"))));
        widgets.add(
                graph("Runtime errors", List.of(twinMetric(props, RuntimeMetrics.ERRORS, "Sum"))));

        // Two graphs of width 12 per row.
        List<List<IWidget>> rows = new ArrayList<>();
        for (int i = 0; i < widgets.size(); i += 2) {
            rows.add(widgets.subList(i, Math.min(i + 2, widgets.size())));
        }
        this.dashboard = Dashboard.Builder.create(this, "Dashboard").widgets(rows).build();
    }

    private void addFunctionAlarms(TwinMonitoringProps props) {
        var fn = props.getFunction();
        alarm(
                "LambdaErrorRate",
                "Lambda error rate above " + props.getErrorRatePercent() + "%",
                MathExpression.Builder.create()
                        .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                        .usingMetrics(
                                Map.of(
                                        "errors",
                                        fn.metricErrors(sum()),
                                        "invocations",
                                        fn.metricInvocations(sum())))
                        .period(PERIOD)
                        .label("error rate %")
                        .build(),
                props.getErrorRatePercent(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm(
                "LambdaDurationP99",
                "Lambda p99 duration above "
                        + SecureDefaults.LAMBDA_P99_DURATION.toSeconds()
                        + " s",
                fn.metricDuration(stat("p99")),
                SecureDefaults.LAMBDA_P99_DURATION.toMilliseconds(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm(
                "LambdaThrottles",
                "Lambda throttled at least once",
                fn.metricThrottles(sum()),
                1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void addApiAlarms(TwinMonitoringProps props) {
        var api = props.getHttpApi();
        alarm(
                "Api5xx",
                "API answered 5xx",
                api.metricServerError(sum()),
                1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
        alarm(
                "Api4xxRate",
                "API 4xx rate above " + props.getClientErrorRatePercent() + "%",
                MathExpression.Builder.create()
                        .expression(
                                "IF(requests >= "
                                        + MIN_REQUESTS_FOR_RATE
                                        + ", 100 * clientErrors / requests, 0)")
                        .usingMetrics(
                                Map.of(
                                        "clientErrors",
                                        api.metricClientError(sum()),
                                        "requests",
                                        api.metricCount(sum())))
                        .period(PERIOD)
                        .label("4xx rate %")
                        .build(),
                props.getClientErrorRatePercent(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    /**
     * The bill: model tokens of all execution environments in an hour above the threshold, and any
     * execution environment reaching its daily model budget (the runtime then answers 429
     * daily_limit_reached).
     */
    private void addCostAlarms(TwinMonitoringProps props) {
        Duration hour = Duration.hours(1);
        alarm(
                "ModelTokensPerHour",
                "model tokens in an hour above " + props.getModelTokensPerHourAlarm(),
                MathExpression.Builder.create()
                        .expression("FILL(input, 0) + FILL(output, 0)")
                        .usingMetrics(
                                Map.of(
                                        "input",
                                                twinMetric(
                                                        props,
                                                        RuntimeMetrics.INPUT_TOKENS,
                                                        "Sum",
                                                        hour),
                                        "output",
                                                twinMetric(
                                                        props,
                                                        RuntimeMetrics.OUTPUT_TOKENS,
                                                        "Sum",
                                                        hour)))
                        .period(hour)
                        .label("model tokens per hour")
                        .build(),
                props.getModelTokensPerHourAlarm(),
                ComparisonOperator.GREATER_THAN_THRESHOLD);
        alarm(
                "DailyModelBudgetReached",
                "an execution environment spent its daily model budget",
                Metric.Builder.create()
                        .namespace(RuntimeMetrics.NAMESPACE)
                        .metricName(RuntimeMetrics.ERRORS)
                        .dimensionsMap(
                                Map.of(
                                        RuntimeMetrics.DIMENSION,
                                        props.getMetricsName(),
                                        RuntimeMetrics.ERROR_CODE_DIMENSION,
                                        RuntimeMetrics.DAILY_LIMIT_ERROR_CODE))
                        .statistic("Sum")
                        .period(PERIOD)
                        .build(),
                1,
                ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
    }

    private void alarm(
            String id,
            String description,
            IMetric metric,
            Number threshold,
            ComparisonOperator operator) {
        Alarm alarm =
                Alarm.Builder.create(this, id)
                        .alarmDescription("twin: " + description)
                        .metric(metric)
                        .threshold(threshold)
                        .comparisonOperator(operator)
                        .evaluationPeriods(1)
                        // No traffic is not an incident.
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    /**
     * A topic policy replaces SNS's default policy, and {@code enforceSsl} creates one holding only
     * the TLS {@code Deny}: without this {@code Allow}, CloudWatch may not publish and every alarm
     * fires into the void. Only CloudWatch acting for this account may publish.
     */
    static void allowCloudWatchToPublish(Topic topic) {
        topic.addToResourcePolicy(
                PolicyStatement.Builder.create()
                        .sid("AllowCloudWatchAlarms")
                        .effect(Effect.ALLOW)
                        .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(topic.getTopicArn()))
                        .conditions(
                                Map.of(
                                        "StringEquals",
                                        Map.of("aws:SourceAccount", Stack.of(topic).getAccount())))
                        .build());
    }

    private static MetricOptions sum() {
        return stat("Sum");
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).build();
    }

    private static Metric twinMetric(TwinMonitoringProps props, String name, String statistic) {
        return twinMetric(props, name, statistic, PERIOD);
    }

    private static Metric twinMetric(
            TwinMonitoringProps props, String name, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(RuntimeMetrics.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(RuntimeMetrics.DIMENSION, props.getMetricsName()))
                .statistic(statistic)
                .period(period)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).build();
    }

    /** The encrypted, TLS-only topic every alarm notifies. */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /** The alarms, in creation order. */
    public List<Alarm> getAlarms() {
        return List.copyOf(alarms);
    }

    /** The e-mail subscription, when an address was given. */
    public Optional<Subscription> getEmailSubscription() {
        return Optional.ofNullable(emailSubscription);
    }

    /** The dashboard. */
    public Dashboard getDashboard() {
        return dashboard;
    }
}
