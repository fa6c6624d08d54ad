package dev.twin.runtime.owner;

import dev.twin.runtime.observe.Log;
import dev.twin.runtime.observe.OwnerMetrics;
import dev.twin.runtime.port.OwnerNotifier;
import java.util.Objects;

/**
 * Puts the hourly bound in front of a notifier and keeps its failures out of the visitor's turn:
 * over the bound a notice is dropped (logged, counted as {@code OwnerNotificationsDropped}); a
 * failure (the adapter has already retried once) is logged and counted as {@code
 * OwnerNotificationFailures}. Never throws. The record itself is stored either way.
 */
public final class BoundedOwnerNotifier implements OwnerNotifier {

    private final OwnerNotifier target;
    private final HourlyLimit limit;
    private final OwnerMetrics metrics;

    public BoundedOwnerNotifier(OwnerNotifier target, HourlyLimit limit, OwnerMetrics metrics) {
        this.target = Objects.requireNonNull(target, "target");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void newContact(Lead lead, String firstVisitorMessage) {
        send(
                "contact",
                lead.sessionId().value(),
                () -> target.newContact(lead, firstVisitorMessage));
    }

    @Override
    public void unknownQuestion(UnknownQuestion question) {
        send(
                "unknown_question",
                question.sessionId().value(),
                () -> target.unknownQuestion(question));
    }

    private void send(String kind, String session, Runnable notice) {
        if (!limit.tryAcquire()) {
            Log.warn(
                    "owner_notification_dropped",
                    kind
                            + " from session "
                            + session
                            + ": more than "
                            + limit.perHour()
                            + " notifications this hour (TWIN_OWNER_NOTIFY_PER_HOUR); the record is stored");
            metrics.dropped();
            return;
        }
        try {
            notice.run();
        } catch (RuntimeException e) {
            Log.warn(
                    "owner_notification_failed",
                    kind
                            + " from session "
                            + session
                            + ": "
                            + e.getClass().getSimpleName()
                            + " "
                            + e.getMessage()
                            + "; the record is stored");
            metrics.failed();
        }
    }

    @Override
    public String describe() {
        return target.describe() + ", at most " + limit.perHour() + " per hour";
    }
}
