package dev.twin.runtime.chat;

/**
 * The {@link ReplyGuard} on a growing reply: decides, piece by piece, how much of the text so far
 * may be shown. Whatever it lets through has passed the same check a whole reply gets, so a stream
 * never shows a visitor more than the buffered guard would (a text under every threshold); the
 * moment the text so far crosses a threshold it reports the leak and shows nothing more.
 *
 * <p>It holds back only the last, possibly unfinished word ("Harb" may become "Harbour"), so the
 * check always runs on whole words and the page never shows a word that later changes; a leak needs
 * several more whole words to complete, and those are checked before they are shown.
 */
final class StreamGuard {

    private final ReplyGuard guard;
    private final StringBuilder text = new StringBuilder();
    private int shown;
    private boolean leaked;

    StreamGuard(ReplyGuard guard) {
        this.guard = guard;
    }

    /**
     * Adds the model's next piece; returns the text that may be shown now (possibly empty), or
     * {@code null} when the text so far is a leak (then nothing more is ever shown).
     */
    String offer(String piece) {
        if (leaked) {
            return null;
        }
        text.append(piece);
        int end = text.length();
        while (end > shown && !Character.isWhitespace(text.charAt(end - 1))) {
            end--; // the last word may still grow
        }
        return release(end);
    }

    /** The model finished: the rest of the text, or {@code null} when the whole reply is a leak. */
    String finish() {
        return leaked ? null : release(text.length());
    }

    /** Everything the model produced so far (shown or not). */
    String text() {
        return text.toString();
    }

    private String release(int end) {
        if (end <= shown) {
            return "";
        }
        if (guard.check(text.substring(0, end)).withheld()) {
            leaked = true;
            return null;
        }
        String out = text.substring(shown, end);
        shown = end;
        return out;
    }
}
