package dev.twin.runtime.port;

import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.UnknownQuestion;

/** Outgoing port: tells the twin's owner about a new contact or an unanswered question. */
public interface OwnerNotifier {

    /**
     * @throws RuntimeException when the notification could not be sent (callers bound, log and
     *     count it: {@code BoundedOwnerNotifier})
     */
    void newContact(Lead lead, String firstVisitorMessage);

    /** As {@link #newContact}. */
    void unknownQuestion(UnknownQuestion question);

    String describe();
}
