package dev.twin.runtime.adapter.local;

import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.OwnerNotices;
import dev.twin.runtime.owner.UnknownQuestion;
import dev.twin.runtime.port.OwnerNotifier;
import java.io.PrintStream;

/**
 * Adapter: a local run ({@code twin:run}, {@code java -jar}) has no owner topic; it prints one
 * clear line per notice on stderr instead, so the owner sees what would have been sent.
 */
public final class ConsoleOwnerNotifier implements OwnerNotifier {

    private final PrintStream out;

    public ConsoleOwnerNotifier(PrintStream out) {
        this.out = out;
    }

    @Override
    public void newContact(Lead lead, String firstVisitorMessage) {
        out.println(
                "[twin] owner notice (local run, not sent): new contact "
                        + lead.email()
                        + (lead.name() != null ? " (" + lead.name() + ")" : "")
                        + " in conversation "
                        + lead.sessionId().value()
                        + (lead.note() != null
                                ? ", note: \"" + OwnerNotices.shorten(lead.note(), 120) + "\""
                                : ""));
    }

    @Override
    public void unknownQuestion(UnknownQuestion question) {
        out.println(
                "[twin] owner notice (local run, not sent): unanswered question \""
                        + OwnerNotices.shorten(question.question(), 120)
                        + "\" in conversation "
                        + question.sessionId().value());
    }

    @Override
    public String describe() {
        return "printed on the console (local run)";
    }
}
