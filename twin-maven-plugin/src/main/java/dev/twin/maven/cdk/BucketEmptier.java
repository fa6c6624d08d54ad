package dev.twin.maven.cdk;

import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.TwinLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Deletes every object version and delete marker of a bucket, so CloudFormation can delete the
 * bucket.
 */
public final class BucketEmptier {

    private final S3Client s3;
    private final TwinLog log;

    public BucketEmptier(S3Client s3, TwinLog log) {
        this.s3 = Objects.requireNonNull(s3);
        this.log = Objects.requireNonNull(log);
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
                    if (response.hasErrors() && !response.errors().isEmpty()) {
                        var error = response.errors().get(0);
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
