package dev.twin.maven.owner;

import dev.twin.maven.core.BucketNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Adapter: the deployed stack's memory bucket, through the SDK's S3 client. */
public final class S3Memory implements Memory {

    private final S3Client s3;
    private final String bucket;

    public S3Memory(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            for (S3Object o :
                    s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                out.add(new StoredObject(o.key(), o.lastModified(), o.size()));
            }
        } catch (NoSuchBucketException e) {
            throw new BucketNotFoundException(bucket);
        }
        return out;
    }

    @Override
    public byte[] read(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }
}
