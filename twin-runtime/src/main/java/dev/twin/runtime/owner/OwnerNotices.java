package dev.twin.runtime.owner;

/**
 * The text of the owner's notifications: plain text (an e-mail subscription shows it as is; it is
 * never HTML), the visitor's words quoted and shortened, the conversation id to look it up with
 * {@code mvn twin:conversations -Dtwin.conversation=<id>}.
 */
public final class OwnerNotices {

    static final int FIRST_MESSAGE_CHARS = 300;

    private OwnerNotices() {}

    /** A subject without visitor text (an SNS subject must be one line of plain ASCII). */
    public static String contactSubject(String twinName) {
        return subject(twinName, "new contact");
    }

    public static String questionSubject(String twinName) {
        return subject(twinName, "a question it could not answer");
    }

    public static String contactBody(String twinName, Lead lead, String firstVisitorMessage) {
        StringBuilder b = new StringBuilder(512);
        b.append("A visitor left contact details with your twin ").append(twinName).append(".\n\n");
        b.append("Name:    ")
                .append(lead.name() != null ? lead.name() : "(not given)")
                .append('\n');
        b.append("E-mail:  ").append(lead.email()).append('\n');
        b.append("Note:    ").append(lead.note() != null ? lead.note() : "(none)").append('\n');
        b.append("First message: \"")
                .append(plain(firstVisitorMessage, FIRST_MESSAGE_CHARS))
                .append("\"\n");
        b.append("Conversation: ").append(lead.sessionId().value()).append('\n');
        b.append("\nRead it: mvn twin:conversations -Dtwin.conversation=")
                .append(lead.sessionId().value())
                .append('\n');
        return b.toString();
    }

    public static String questionBody(String twinName, UnknownQuestion q) {
        return "Your twin "
                + twinName
                + " was asked something the persona does not cover:\n\n\""
                + q.question()
                + "\"\n\nConversation: "
                + q.sessionId().value()
                + "\nAdd the answer to persona/ (mvn twin:upload-persona) if it should know.\n";
    }

    private static String subject(String twinName, String what) {
        String name = twinName.replaceAll("[^A-Za-z0-9 ._-]", "").strip();
        String s = "twin " + (name.isEmpty() ? "" : name + ": ") + what;
        return s.length() <= 100 ? s : s.substring(0, 100);
    }

    /** Plain and at most {@code max} characters (an ellipsis marks a cut). */
    public static String shorten(String text, int max) {
        return plain(text, max);
    }

    static String plain(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\p{Cntrl}", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
    }
}
