package dev.twin.runtime.owner;

import java.util.regex.Pattern;

/**
 * Checks for text that came from the model's tool arguments (and so, possibly, from a visitor
 * steering the model): length caps, plain text only, a plausible e-mail address. Nothing here is
 * ever executed or rendered as HTML; the caps keep records and notifications small.
 */
public final class Untrusted {

    public static final int MAX_EMAIL = 254;
    public static final int MAX_NAME = 100;
    public static final int MAX_NOTE = 500;
    public static final int MAX_QUESTION = 500;

    /**
     * ASCII local part without leading, trailing or doubled dots; a domain of 2+ DNS labels ending
     * in a letter TLD. Deliberately narrower than RFC 5322: quoted local parts and IP literals are
     * legal but are not what a visitor types, and refusing them costs nothing.
     */
    private static final Pattern EMAIL =
            Pattern.compile(
                    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                            + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private Untrusted() {}

    /** A plausible address, stripped; otherwise a tool error naming the value (shortened). */
    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidToolArgumentException(
                    "email is required; ask the visitor for an e-mail address and call again");
        }
        String email = raw.strip();
        if (email.length() > MAX_EMAIL || email.indexOf('@') > 64) {
            throw new InvalidToolArgumentException(
                    "email has "
                            + email.length()
                            + " characters, which no address has; ask the visitor to check it");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidToolArgumentException(
                    "email "
                            + shorten(email)
                            + " is not an e-mail address; ask the visitor for one such as name@example.com");
        }
        return email;
    }

    /**
     * Optional plain text: {@code null} or blank gives {@code null}; control characters (line
     * breaks included) become spaces; longer than {@code max} is refused so the model can shorten
     * it.
     */
    public static String optionalText(String field, String raw, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return text(field, raw, max);
    }

    /** Required plain text, as {@link #optionalText}. */
    public static String text(String field, String raw, int max) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidToolArgumentException(field + " is required and must not be blank");
        }
        StringBuilder b = new StringBuilder(raw.length());
        raw.strip()
                .codePoints()
                .forEach(
                        c ->
                                b.appendCodePoint(
                                        Character.isISOControl(c)
                                                        || Character.getType(c) == Character.FORMAT
                                                                && c != 0x200D
                                                ? ' '
                                                : c));
        String text = b.toString().strip();
        if (text.length() > max) {
            throw new InvalidToolArgumentException(
                    field
                            + " has "
                            + text.length()
                            + " characters, more than the "
                            + max
                            + " allowed; summarise it and call again");
        }
        return text;
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
