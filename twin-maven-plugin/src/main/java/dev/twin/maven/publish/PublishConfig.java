package dev.twin.maven.publish;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to publish where: the staged site directory, the bucket and the key prefix, parallelism,
 * dry-run, and where to record the changed paths for {@code twin:invalidate}, and the private
 * bucket that keeps the publish manifest (none: no manifest, every same-size file is checked by
 * HEAD).
 */
public record PublishConfig(
        Path siteDir,
        String bucket,
        String prefix,
        int threads,
        boolean dryRun,
        Optional<Path> lastPublishFile,
        Optional<String> manifestBucket) {

    public static final int DEFAULT_THREADS = 16;

    public PublishConfig {
        Objects.requireNonNull(siteDir, "siteDir");
        Objects.requireNonNull(lastPublishFile, "lastPublishFile");
        manifestBucket =
                Objects.requireNonNull(manifestBucket, "manifestBucket").filter(b -> !b.isBlank());
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is required");
        }
        prefix = normalizePrefix(prefix);
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256, was " + threads);
        }
    }

    public static PublishConfig of(Path siteDir, String bucket) {
        return new PublishConfig(
                siteDir, bucket, "", DEFAULT_THREADS, false, Optional.empty(), Optional.empty());
    }

    public PublishConfig withPrefix(String newPrefix) {
        return new PublishConfig(
                siteDir, bucket, newPrefix, threads, dryRun, lastPublishFile, manifestBucket);
    }

    public PublishConfig withDryRun(boolean newDryRun) {
        return new PublishConfig(
                siteDir, bucket, prefix, threads, newDryRun, lastPublishFile, manifestBucket);
    }

    public PublishConfig withThreads(int newThreads) {
        return new PublishConfig(
                siteDir, bucket, prefix, newThreads, dryRun, lastPublishFile, manifestBucket);
    }

    public PublishConfig withLastPublishFile(Path file) {
        return new PublishConfig(
                siteDir, bucket, prefix, threads, dryRun, Optional.of(file), manifestBucket);
    }

    public PublishConfig withManifestBucket(String privateBucket) {
        return new PublishConfig(
                siteDir,
                bucket,
                prefix,
                threads,
                dryRun,
                lastPublishFile,
                Optional.of(privateBucket));
    }

    /** {@code ""} or {@code "some/prefix/"}: no leading slash, one trailing slash. */
    static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.endsWith("/") ? p : p + "/";
    }
}
