package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.limit.BudgetDay;
import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter: the shared daily budget as S3 objects {@code budget/{yyyy-mm-dd}.json} in the memory
 * bucket, versioned by ETag and written with {@code If-None-Match: *} / {@code If-Match} as
 * conversations are, so S3 decides which of two racing leases wins. The function's role may touch
 * only this prefix (TwinIam's {@code ReadWriteBudget}).
 *
 * <p>A write that landed but whose answer was lost comes back as a conflict on the SDK's retry; the
 * caller then re-reads and leases again, which leases the same calls twice: that wastes budget but
 * never overspends it.
 */
public final class S3BudgetStore implements BudgetStore {

    private final S3Client s3;
    private final String bucket;

    public S3BudgetStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public Optional<Versioned<BudgetDay>> find(LocalDate day) {
        String key = BudgetDay.key(day);
        ResponseBytes<GetObjectResponse> got;
        try {
            got = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
        BudgetDay d;
        try {
            d = BudgetDay.decode(got.asByteArrayUnsafe(), day);
        } catch (IllegalArgumentException e) {
            throw new StoreUnavailableException(
                    where(key)
                            + " is not a budget record ("
                            + e.getMessage()
                            + "); delete it to start the day's count again",
                    e);
        }
        return Optional.of(new Versioned<>(d, got.response().eTag()));
    }

    @Override
    public String put(BudgetDay record, String expectedVersion) {
        String key = BudgetDay.key(record.day());
        PutObjectRequest.Builder req =
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentType("application/json; charset=utf-8");
        if (expectedVersion == null) {
            req.ifNoneMatch("*");
        } else {
            req.ifMatch(expectedVersion);
        }
        try {
            return s3.putObject(req.build(), RequestBody.fromBytes(record.encode())).eTag();
        } catch (S3Exception e) {
            int status = e.statusCode();
            // 412: someone leased first; 409: a concurrent conditional write is in flight;
            // 404 on If-Match: the day's record is gone (deleted by hand)
            if (status == 412 || status == 409 || status == 404 && expectedVersion != null) {
                throw new VersionConflictException(
                        where(key) + " changed since version " + expectedVersion);
            }
            throw unavailable("write", key, e);
        } catch (SdkException e) {
            throw unavailable("write", key, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + BudgetDay.PREFIX;
    }

    private String where(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private StoreUnavailableException unavailable(String what, String key, SdkException e) {
        String detail =
                e instanceof S3Exception s3e
                        ? "S3 answered "
                                + s3e.statusCode()
                                + " "
                                + S3ConversationStore.errorCode(s3e)
                                + (s3e.statusCode() == 403
                                        ? "; the function's role needs s3:GetObject and"
                                                + " s3:PutObject on budget/* of the memory bucket"
                                        : "")
                        : e.getClass().getSimpleName()
                                + (e.getMessage() != null ? " " + e.getMessage() : "");
        return new StoreUnavailableException(
                "cannot " + what + " " + where(key) + ": " + detail, e);
    }
}
