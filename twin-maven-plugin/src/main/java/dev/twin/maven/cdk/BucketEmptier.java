package dev.twin.maven.cdk;

import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.TwinLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Deletes every object version and delete marker of a bucket, so CloudFormation can delete the
 * bucket.
 */
public final class BucketEmptier {

    /** How long a bucket must stay empty to count as quiet; log deliveries come in bursts. */
    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(5);

    /** Rounds of emptying before giving up on a bucket that keeps filling. */
    public static final int DEFAULT_ROUNDS = 6;

    private static final Set<String> ALREADY_GONE = Set.of("NoSuchVersion", "NoSuchKey");

    private final S3Client s3;
    private final TwinLog log;
    private final Duration quiet;
    private final int rounds;

    public BucketEmptier(S3Client s3, TwinLog log) {
        this(s3, log, DEFAULT_QUIET, DEFAULT_ROUNDS);
    }

    BucketEmptier(S3Client s3, TwinLog log, Duration quiet, int rounds) {
        this.s3 = Objects.requireNonNull(s3);
        this.log = Objects.requireNonNull(log);
        this.quiet = Objects.requireNonNull(quiet);
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive, was " + rounds);
        }
        this.rounds = rounds;
    }

    /**
     * Empties the bucket, waits {@code quiet}, and empties again while objects keep arriving (S3
     * access logs and CloudFront logs are delivered minutes late), at most {@code rounds} times.
     * Returns whether the bucket stayed empty; when it did not, the caller retries after the delete
     * fails (see {@link StackOperations}).
     */
    public boolean emptyUntilQuiet(String bucket) {
        for (int round = 1; round <= rounds; round++) {
            empty(bucket);
            sleep(quiet);
            if (isEmpty(bucket)) {
                return true;
            }
            log.info(
                    "Objects keep arriving in "
                            + bucket
                            + " (log delivery); emptying again ("
                            + round
                            + "/"
                            + rounds
                            + ")");
        }
        log.warn(
                "Bucket "
                        + bucket
                        + " was still receiving objects after "
                        + rounds
                        + " rounds of emptying");
        return false;
    }

    /** Whether the bucket holds no version and no delete marker (or is gone). */
    public boolean isEmpty(String bucket) {
        try {
            ListObjectVersionsResponse page =
                    s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(1));
            return page.versions().isEmpty() && page.deleteMarkers().isEmpty();
        } catch (NoSuchBucketException e) {
            return true;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while emptying a bucket", e);
        }
    }

    /**
     * Returns how many versions and delete markers were removed (0 when the bucket is already
     * gone).
     */
    public int empty(String bucket) {
        int removed = 0;
        try {
            String keyMarker = null;
            String versionMarker = null;
            while (true) {
                String km = keyMarker;
                String vm = versionMarker;
                ListObjectVersionsResponse page =
                        s3.listObjectVersions(
                                b ->
                                        b.bucket(bucket)
                                                .keyMarker(km)
                                                .versionIdMarker(vm)
                                                .maxKeys(1000));
                List<ObjectIdentifier> batch = new ArrayList<>();
                page.versions().forEach(v -> batch.add(id(v.key(), v.versionId())));
                page.deleteMarkers().forEach(m -> batch.add(id(m.key(), m.versionId())));
                if (!batch.isEmpty()) {
                    DeleteObjectsResponse response =
                            s3.deleteObjects(
                                    b ->
                                            b.bucket(bucket)
                                                    .delete(
                                                            Delete.builder()
                                                                    .objects(batch)
                                                                    .quiet(true)
                                                                    .build()));
                    // A version that is already gone (deleted meanwhile, or replaced while a log
                    // delivery raced the listing) is what emptying wants: only other errors fail.
                    var failed =
                            response.hasErrors()
                                    ? response.errors().stream()
                                            .filter(e -> !ALREADY_GONE.contains(e.code()))
                                            .toList()
                                    : List.<S3Error>of();
                    if (!failed.isEmpty()) {
                        var error = failed.get(0);
                        throw new AwsRequestFailedException(
                                "DeleteObjects",
                                "s3://" + bucket + "/" + error.key(),
                                error.code() + ": " + error.message(),
                                null);
                    }
                    removed += batch.size();
                    log.info("Emptied " + removed + " object versions from " + bucket);
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            }
        } catch (NoSuchBucketException e) {
            log.info("Bucket " + bucket + " is already gone");
        }
        return removed;
    }

    private static ObjectIdentifier id(String key, String versionId) {
        // Unversioned objects list with version "null"; S3 accepts it back as the version to
        // delete.
        return ObjectIdentifier.builder().key(key).versionId(versionId).build();
    }
}
