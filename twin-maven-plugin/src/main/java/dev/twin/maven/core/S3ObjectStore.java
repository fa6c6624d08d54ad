package dev.twin.maven.core;

import dev.twin.maven.publish.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on the SDK's {@link S3Client}: the publisher's port onto S3. */
public final class S3ObjectStore implements ObjectStore {

    /** S3's answers when the bytes do not match the checksum sent with them. */
    private static final Set<String> DIGEST_MISMATCH =
            Set.of("BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch");

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3);
    }

    @Override
    public List<Listed> list(String bucket, String prefix) {
        return AwsErrors.s3(
                "ListObjectsV2",
                bucket,
                () -> {
                    List<Listed> out = new ArrayList<>();
                    for (S3Object o :
                            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                                    .contents()) {
                        out.add(new Listed(o.key(), o.eTag(), o.size()));
                    }
                    return out;
                });
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        return AwsErrors.s3(
                "GetObject",
                bucket,
                () -> {
                    try {
                        return Optional.of(
                                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
                    } catch (NoSuchKeyException e) {
                        return Optional.empty();
                    }
                });
    }

    @Override
    public Optional<Map<String, String>> headMetadata(String bucket, String key) {
        return AwsErrors.s3(
                "HeadObject",
                bucket,
                () -> {
                    try {
                        return Optional.of(
                                s3.headObject(b -> b.bucket(bucket).key(key)).metadata());
                    } catch (NoSuchKeyException e) {
                        return Optional.empty();
                    } catch (S3Exception e) {
                        // A HEAD answer has no body: a missing key is a bare 404 without a code.
                        if (e.statusCode() == 404 && !bucketMissing(e)) {
                            return Optional.empty();
                        }
                        throw e;
                    }
                });
    }

    @Override
    public String put(String bucket, String key, Path file, PutHeaders headers, String sha256Hex) {
        // The scan's hash travels as the checksum S3 verifies: bytes that changed since the scan
        // are refused, never stored under a stale hash.
        String checksum = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
        return AwsErrors.s3(
                "PutObject " + key,
                bucket,
                () -> {
                    try {
                        return s3.putObject(
                                        request(bucket, key, headers)
                                                .checksumSHA256(checksum)
                                                .build(),
                                        RequestBody.fromFile(file))
                                .eTag();
                    } catch (S3Exception e) {
                        if (e.awsErrorDetails() != null
                                && DIGEST_MISMATCH.contains(e.awsErrorDetails().errorCode())) {
                            throw new AwsRequestFailedException(
                                    "PutObject " + key,
                                    "s3://" + bucket,
                                    file
                                            + " changed during the upload (its bytes no longer"
                                            + " match the hash of the scan); nothing was stored —"
                                            + " publish again",
                                    e);
                        }
                        throw e;
                    }
                });
    }

    @Override
    public String put(String bucket, String key, byte[] body, PutHeaders headers) {
        return AwsErrors.s3(
                "PutObject " + key,
                bucket,
                () ->
                        s3.putObject(
                                        request(bucket, key, headers).build(),
                                        RequestBody.fromBytes(body))
                                .eTag());
    }

    @Override
    public void delete(String bucket, List<String> keys) {
        if (keys.size() > 1000) {
            throw new IllegalArgumentException(
                    "DeleteObjects takes at most 1000 keys, got " + keys.size());
        }
        List<ObjectIdentifier> ids =
                keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        DeleteObjectsResponse response =
                AwsErrors.s3(
                        "DeleteObjects",
                        bucket,
                        () ->
                                s3.deleteObjects(
                                        b ->
                                                b.bucket(bucket)
                                                        .delete(
                                                                Delete.builder()
                                                                        .objects(ids)
                                                                        .quiet(true)
                                                                        .build())));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var error = response.errors().get(0);
            throw new AwsRequestFailedException(
                    "DeleteObjects",
                    "s3://" + bucket + "/" + error.key(),
                    error.code() + ": " + error.message(),
                    null);
        }
    }

    private static PutObjectRequest.Builder request(String bucket, String key, PutHeaders h) {
        PutObjectRequest.Builder b =
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType(h.contentType())
                        .metadata(h.metadata());
        if (h.cacheControl() != null) {
            b.cacheControl(h.cacheControl());
        }
        if (h.serverSideEncryption() != null) {
            b.serverSideEncryption(h.serverSideEncryption());
        }
        return b;
    }

    private static boolean bucketMissing(S3Exception e) {
        return e.awsErrorDetails() != null
                && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }
}
