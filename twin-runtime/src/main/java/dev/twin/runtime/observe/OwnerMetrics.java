package dev.twin.runtime.observe;

import dev.twin.contract.RuntimeMetrics;
import java.util.function.Consumer;

/**
 * EMF lines for the owner's notifications: {@code OwnerNotificationFailures} (sent and failed after
 * one retry) and {@code OwnerNotificationsDropped} (over the hourly bound), namespace {@code
 * DigitalTwin}, dimension {@code TwinName}.
 */
public final class OwnerMetrics {

    private final String twinName;
    private final Consumer<String> sink;

    public OwnerMetrics(String twinName, Consumer<String> sink) {
        this.twinName = twinName;
        this.sink = sink;
    }

    public static OwnerMetrics stdout(String twinName) {
        return new OwnerMetrics(twinName, Log::raw);
    }

    public void failed() {
        sink.accept(line(RuntimeMetrics.OWNER_NOTIFICATION_FAILURES));
    }

    public void dropped() {
        sink.accept(line(RuntimeMetrics.OWNER_NOTIFICATIONS_DROPPED));
    }

    String line(String metric) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"_aws\":{\"Timestamp\":")
                .append(System.currentTimeMillis())
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"")
                .append(RuntimeMetrics.NAMESPACE)
                .append("\",\"Dimensions\":[[\"TwinName\"]],\"Metrics\":[{\"Name\":\"")
                .append(metric)
                .append(
                        "\",\"Unit\":\"Count\"}]}]},\"level\":\"WARN\",\"event\":\"owner_metric\",\"TwinName\":");
        JsonText.quote(b, twinName);
        b.append(",\"").append(metric).append("\":1}");
        return b.toString();
    }
}
