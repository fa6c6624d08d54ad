package dev.twin.contract;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * The stack-safe (ASCII) form of a twin's name, used wherever AWS accepts only ASCII: the {@code
 * TwinName} metric dimension of the runtime's metrics, the alarms and the dashboard. The runtime
 * applies it to {@code TWIN_NAME} when {@link RuntimeEnv#METRICS_NAME} is not set, the constructs
 * to a display name given without a twinName, so both sides agree.
 */
public final class StackSafeName {

    private StackSafeName() {}

    /** Letters that Unicode decomposition does not split into a base letter and a mark. */
    private static final Map<Integer, String> FOLDS =
            Map.of(
                    (int) 'ß', "ss",
                    (int) 'æ', "ae",
                    (int) 'œ', "oe",
                    (int) 'ø', "o",
                    (int) 'ł', "l",
                    (int) 'đ', "d",
                    (int) 'þ', "th",
                    (int) 'ð', "d",
                    (int) 'ı', "i");

    /**
     * {@code name} when it already is a valid twin name, else its letters folded to ASCII ({@code
     * Zoë O'Brien} → {@code zoe-o-brien}): lowercase letters, digits and single dashes, starting
     * with a letter, at most 24 characters; {@code twin} when nothing usable is left.
     */
    public static String of(String name) {
        if (name == null) {
            return "twin";
        }
        if (TwinNames.isValidTwinName(name)) {
            return name;
        }
        String lower = Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(lower.length());
        lower.codePoints()
                .forEach(
                        c -> {
                            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                                return;
                            }
                            String fold = FOLDS.get(c);
                            if (fold != null) {
                                b.append(fold);
                            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                                b.append((char) c);
                            } else {
                                b.append('-');
                            }
                        });
        String s = b.toString().replaceAll("-+", "-").replaceAll("^[^a-z]+", "");
        if (s.length() > 24) {
            s = s.substring(0, 24);
        }
        s = s.replaceAll("-+$", "");
        return s.isEmpty() ? "twin" : s;
    }
}
