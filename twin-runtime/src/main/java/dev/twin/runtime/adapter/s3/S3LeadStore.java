package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.OwnerRecords;
import dev.twin.runtime.owner.UnknownQuestion;
import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.StoreUnavailableException;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter: the owner's records as new S3 objects under {@code leads/} and {@code unknown/}, created
 * with {@code If-None-Match: *} (a random UUID never collides; the condition makes sure of it). The
 * role may put only under those two prefixes.
 */
public final class S3LeadStore implements LeadStore {

    private final S3Client s3;
    private final String bucket;

    public S3LeadStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public void record(Lead lead) {
        put(OwnerRecords.key(lead), OwnerRecords.encode(lead));
    }

    @Override
    public void record(UnknownQuestion question) {
        put(OwnerRecords.key(question), OwnerRecords.encode(question));
    }

    private void put(String key, byte[] body) {
        try {
            s3.putObject(
                    r ->
                            r.bucket(bucket)
                                    .key(key)
                                    .ifNoneMatch("*")
                                    .contentType("application/json; charset=utf-8"),
                    RequestBody.fromBytes(body));
        } catch (S3Exception e) {
            throw new StoreUnavailableException(
                    "cannot write s3://"
                            + bucket
                            + "/"
                            + key
                            + ": S3 answered "
                            + e.statusCode()
                            + " "
                            + S3ConversationStore.errorCode(e)
                            + (e.statusCode() == 403
                                    ? "; the function's role needs s3:PutObject on leads/* and unknown/*"
                                    : ""),
                    e);
        } catch (SdkException e) {
            throw new StoreUnavailableException(
                    "cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/{leads,unknown}/";
    }
}
