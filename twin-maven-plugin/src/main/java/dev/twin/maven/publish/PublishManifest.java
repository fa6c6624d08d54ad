package dev.twin.maven.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cache of the content hashes in the bucket, stored beside the site: key -> (SHA-256, ETag, size). The hash in
 * each object's metadata stays the truth; an entry is trusted only while the object's listed ETag and size still
 * match it (any overwrite gives a new ETag), so a no-op plan needs one LIST and one GET instead of a HEAD per file.
 */
public record PublishManifest(Map<String, Entry> entries) {

    /** Object name under the site prefix; never published from, nor deleted as stale. */
    public static final String NAME = ".twin-publish-manifest.json";

    /** What the manifest knows about one object. */
    public record Entry(String sha256, String etag, long size) {
        public Entry {
            // Listings and PUT responses quote ETags differently; compare (and record) them one way only,
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

    /** The hash of {@code key} if the object listed with {@code etag} and {@code size} is the one recorded. */
    public Optional<String> hashIfCurrent(String key, String etag, long size) {
        Entry e = entries.get(key);
        if (e == null || etag == null || e.size() != size || !normalize(e.etag()).equals(normalize(etag))) {
            return Optional.empty();
        }
        return Optional.of(e.sha256());
    }

    public byte[] toJson() {
        var root = Json.MAPPER.createObjectNode();
        root.put("version", 1);
        var files = root.putObject("files");
        new TreeMap<>(entries).forEach((key, e) -> {
            var node = files.putObject(key);
            node.put("sha256", e.sha256());
            node.put("etag", normalize(e.etag()));
            node.put("size", e.size());
        });
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a manifest; anything unreadable is an empty cache (every file is then checked by HEAD). */
    public static PublishManifest parse(byte[] json) {
        try {
            JsonNode files = Json.MAPPER.readTree(json).path("files");
            Map<String, Entry> entries = new TreeMap<>();
            files.fields().forEachRemaining(f -> entries.put(f.getKey(), new Entry(
                    f.getValue().path("sha256").asText(), f.getValue().path("etag").asText(), f.getValue().path("size").asLong(-1))));
            return new PublishManifest(entries);
        } catch (IOException | RuntimeException e) {
            return empty();
        }
    }

    static String normalize(String etag) {
        return etag == null ? "" : etag.replace("\"", "").strip();
    }
}
