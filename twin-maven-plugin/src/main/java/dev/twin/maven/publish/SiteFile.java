package dev.twin.maven.publish;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A local file of the site: its object key (relative, '/'-separated), path, size and SHA-256 (hex).
 */
public record SiteFile(String key, Path path, long size, String sha256) {

    public SiteFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("key must be relative: " + key);
        }
    }
}
