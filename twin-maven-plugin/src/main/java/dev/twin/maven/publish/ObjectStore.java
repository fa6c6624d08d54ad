package dev.twin.maven.publish;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The five bucket operations the publisher needs; failures are typed {@code TwinException}s. */
public interface ObjectStore {

    /** One object of a listing. */
    record Listed(String key, String etag, long size) {}

    /**
     * The headers of a PUT besides its body; a null cache control or server-side encryption is not
     * sent.
     */
    record PutHeaders(
            String contentType,
            String cacheControl,
            Map<String, String> metadata,
            String serverSideEncryption) {
        public PutHeaders {
            Objects.requireNonNull(contentType, "contentType");
            metadata = Map.copyOf(metadata);
        }
    }

    /** Every object under {@code prefix}, all pages. */
    List<Listed> list(String bucket, String prefix);

    /** The object's bytes, or empty when there is no such key. */
    Optional<byte[]> get(String bucket, String key);

    /** The object's user metadata (names without {@code x-amz-meta-}), or empty when missing. */
    Optional<Map<String, String>> headMetadata(String bucket, String key);

    /**
     * Puts {@code file} at {@code key} with its SHA-256 (lower-case hex, computed by the caller) as
     * the integrity checksum S3 verifies; returns the new object's ETag.
     */
    String put(String bucket, String key, Path file, PutHeaders headers, String sha256Hex);

    /** Puts {@code body} at {@code key}; returns the new object's ETag. */
    String put(String bucket, String key, byte[] body, PutHeaders headers);

    /** Deletes up to 1,000 keys in one request; fails with the first key that was not deleted. */
    void delete(String bucket, List<String> keys);
}
