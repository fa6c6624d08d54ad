package dev.twin.maven.publish;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cache of the content hashes in the site bucket: key -> (SHA-256, ETag, size). The hash in each
 * object's metadata stays the truth; an entry is trusted only while the object's listed ETag and
 * size still match it (any overwrite gives a new ETag), so a no-op plan needs one LIST and one GET
 * instead of a HEAD per file. It is kept in a private bucket (the stack's memory bucket), never
 * beside the public site.
 */
public record PublishManifest(Map<String, Entry> entries) {

    /**
     * Where older versions kept the manifest, beside the site (so served to anyone): deleted as
     * stale now.
     */
    public static final String LEGACY_NAME = ".twin-publish-manifest.json";

    /**
     * First line of the format: one line per object, tab-separated, key URL-encoded (so any key
     * fits a line).
     */
    private static final String HEADER = "twin-publish-manifest 2";

    /** What the manifest knows about one object. */
    public record Entry(String sha256, String etag, long size) {
        public Entry {
            // Listings and PUT responses quote ETags differently; compare (and record) them one way
            // only,
            // or a no-op publish would see a "changed" manifest and rewrite it.
            etag = normalize(etag);
        }
    }

    public PublishManifest {
        entries = Map.copyOf(entries);
    }

    public static PublishManifest empty() {
        return new PublishManifest(Map.of());
    }

    /**
     * The manifest's key in the private bucket for the site at {@code siteBucket}/{@code prefix}.
     */
    public static String keyFor(String siteBucket, String prefix) {
        return "publish/" + siteBucket + "/" + prefix + "twin-publish-manifest.txt";
    }

    /**
     * The hash of {@code key} if the object listed with {@code etag} and {@code size} is the one
     * recorded.
     */
    public Optional<String> hashIfCurrent(String key, String etag, long size) {
        Entry e = entries.get(key);
        if (e == null
                || etag == null
                || e.size() != size
                || !normalize(e.etag()).equals(normalize(etag))) {
            return Optional.empty();
        }
        return Optional.of(e.sha256());
    }

    /** Whether both record the same hash, ETag and size for the same keys. */
    public boolean sameEntries(PublishManifest other) {
        // Not Map.equals: comparing records bootstraps their equals (an invokedynamic call site,
        // ~20 ms in a fresh JVM).
        if (entries.size() != other.entries.size()) {
            return false;
        }
        for (Map.Entry<String, Entry> mine : entries.entrySet()) {
            Entry theirs = other.entries.get(mine.getKey());
            Entry e = mine.getValue();
            if (theirs == null
                    || !e.sha256().equals(theirs.sha256())
                    || !e.etag().equals(theirs.etag())
                    || e.size() != theirs.size()) {
                return false;
            }
        }
        return true;
    }

    // A line format rather than JSON: parsing it needs no JSON library, which in a fresh JVM costs
    // more than the
    // whole no-op publish.
    public byte[] toBytes() {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        new TreeMap<>(entries)
                .forEach(
                        (key, e) ->
                                b.append(e.sha256())
                                        .append('\t')
                                        .append(URLEncoder.encode(e.etag(), StandardCharsets.UTF_8))
                                        .append('\t')
                                        .append(e.size())
                                        .append('\t')
                                        .append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                                        .append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a manifest; anything unreadable is an empty cache (every file is then checked by
     * HEAD).
     */
    public static PublishManifest parse(byte[] bytes) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !HEADER.equals(lines[0])) {
            return empty();
        }
        Map<String, Entry> entries = new TreeMap<>();
        try {
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                String[] f = lines[i].split("\t", -1);
                if (f.length != 4) {
                    return empty();
                }
                entries.put(
                        URLDecoder.decode(f[3], StandardCharsets.UTF_8),
                        new Entry(
                                f[0],
                                URLDecoder.decode(f[1], StandardCharsets.UTF_8),
                                Long.parseLong(f[2])));
            }
        } catch (IllegalArgumentException e) {
            return empty();
        }
        return new PublishManifest(entries);
    }

    static String normalize(String etag) {
        return etag == null ? "" : etag.replace("\"", "").strip();
    }
}
