package dev.twin.maven.publish;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cache-Control per file: HTML and {@code config.json} are revalidated on every load (they name
 * everything else), fingerprinted assets are cached for a year, anything else briefly.
 */
public final class CachePolicy {

    public static final String NO_CACHE = "no-cache";
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    public static final String SHORT = "public, max-age=300";

    /**
     * {@code app.3f9a1c2b.js}, {@code index-DiwrgTda.js}, {@code main-1a2b3c4d5e6f.js}: a hash
     * before the extension.
     */
    private static final Pattern FINGERPRINT =
            Pattern.compile(".+[.-]([A-Za-z0-9_]{8,})\\.[A-Za-z0-9]+(\\.map)?$");

    private CachePolicy() {}

    public static String of(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        if (name.endsWith(".html") || name.endsWith(".htm") || name.equals("config.json")) {
            return NO_CACHE;
        }
        if (isFingerprinted(key)) {
            return IMMUTABLE;
        }
        return SHORT;
    }

    /** True when the name carries a content hash, so a new version always gets a new name. */
    public static boolean isFingerprinted(String key) {
        if (key.startsWith("_next/static/") || key.contains("/_next/static/")) {
            return true; // Next.js puts only content-addressed files there
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        var m = FINGERPRINT.matcher(name);
        if (!m.matches()) {
            return false;
        }
        String token = m.group(1);
        boolean digit = token.chars().anyMatch(Character::isDigit);
        boolean upper = token.chars().anyMatch(Character::isUpperCase);
        boolean lower = token.chars().anyMatch(Character::isLowerCase);
        // A hash mixes digits and letters (or cases); a word like "settings" does not.
        return (digit && (upper || lower)) || (upper && lower);
    }
}
