package dev.twin.runtime.adapter.s3;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.runtime.chat.Conversation;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.Versioned;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.StoreUnavailableException;
import dev.twin.runtime.port.VersionConflictException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Adapter: conversations as S3 objects {@code conversations/{session_id}.json}. The version is the
 * object's ETag; writes are conditional ({@code If-None-Match: *} to create, {@code If-Match} to
 * update), so S3 itself decides which of two racing tabs wins and the loser re-reads and retries.
 * Encryption is left to the bucket's default (SSE-S3 or the bucket's KMS key): no SSE headers here,
 * so the role needs no KMS permission the bucket does not already imply.
 */
public final class S3ConversationStore implements ConversationStore {

    /** DeleteObjects takes at most 1,000 keys per request. */
    static final int MAX_DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    public S3ConversationStore(S3Client s3, String bucket) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * The object key of a conversation; the session id is a validated UUID, so it cannot escape the
     * prefix.
     */
    static String key(SessionId id) {
        return MemoryBucketLayout.CONVERSATIONS_PREFIX + id.value() + ".json";
    }

    @Override
    public Optional<Versioned<Conversation>> find(SessionId id) {
        String key = key(id);
        ResponseBytes<GetObjectResponse> got;
        try {
            got = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
        Conversation c = ConversationCodec.decode(got.asByteArrayUnsafe(), id);
        return Optional.of(new Versioned<>(c, got.response().eTag()));
    }

    @Override
    public String put(Conversation conversation, String expectedVersion) {
        String key = key(conversation.sessionId());
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
        byte[] body = ConversationCodec.encode(conversation);
        try {
            return s3.putObject(req.build(), RequestBody.fromBytes(body)).eTag();
        } catch (S3Exception e) {
            int status = e.statusCode();
            if (status == 412 && e.numAttempts() != null && e.numAttempts() > 1) {
                String landed = landedEarlier(key, body);
                if (landed != null) {
                    return landed;
                }
            }
            // 412: the ETag moved on (or the key exists for If-None-Match); 409
            // ConditionalRequestConflict:
            // a concurrent conditional write to the same key is in flight; 404: If-Match on a key
            // that is gone
            if (status == 412
                    || status == 409
                    || (status == 404 && expectedVersion != null && isNoSuchKey(e))) {
                throw new VersionConflictException(
                        "s3://"
                                + bucket
                                + "/"
                                + key
                                + " changed since version "
                                + expectedVersion
                                + " ("
                                + status
                                + " "
                                + errorCode(e)
                                + ")");
            }
            throw unavailable("write", key, e);
        } catch (SdkException e) {
            throw unavailable("write", key, e);
        }
    }

    /**
     * An attempt that failed in transit (a timeout, a reset) may still have been written; the SDK's
     * retry then meets its own write as a 412. If the object now holds exactly these bytes (our
     * timestamps included, so no other writer could have produced them), the write succeeded:
     * reporting a conflict would make the chat service re-apply the turn and store it twice.
     */
    private String landedEarlier(String key, byte[] body) {
        try {
            ResponseBytes<GetObjectResponse> now =
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return Arrays.equals(now.asByteArrayUnsafe(), body) ? now.response().eTag() : null;
        } catch (SdkException e) {
            return null; // the caller's conflict path re-reads anyway
        }
    }

    /**
     * Lists every version and delete marker of the key (the memory bucket is versioned, so a plain
     * DeleteObject would only add a delete marker and keep the text) and deletes each by version
     * id, up to 1,000 per DeleteObjects request. The listing's prefix is the whole key; keys that
     * merely start with it are skipped. An S3-compatible store that does not implement the listing
     * (501) keeps one version per key, so it gets a plain delete of that object.
     */
    @Override
    public boolean delete(SessionId id) {
        String key = key(id);
        List<ObjectIdentifier> found = new ArrayList<>();
        try {
            for (ListObjectVersionsResponse page :
                    s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key))) {
                for (ObjectVersion v : page.versions()) {
                    if (v.key().equals(key)) {
                        found.add(
                                ObjectIdentifier.builder()
                                        .key(key)
                                        .versionId(v.versionId())
                                        .build());
                    }
                }
                for (DeleteMarkerEntry m : page.deleteMarkers()) {
                    if (m.key().equals(key)) {
                        found.add(
                                ObjectIdentifier.builder()
                                        .key(key)
                                        .versionId(m.versionId())
                                        .build());
                    }
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                return deleteUnversioned(key);
            }
            throw unavailable("list the versions of", key, e);
        } catch (SdkException e) {
            throw unavailable("list the versions of", key, e);
        }
        for (int from = 0; from < found.size(); from += MAX_DELETE_BATCH) {
            List<ObjectIdentifier> batch =
                    found.subList(from, Math.min(found.size(), from + MAX_DELETE_BATCH));
            DeleteObjectsResponse out;
            try {
                out =
                        s3.deleteObjects(
                                r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            } catch (SdkException e) {
                throw unavailable("delete", key, e);
            }
            if (!out.errors().isEmpty()) {
                S3Error first = out.errors().get(0);
                throw new StoreUnavailableException(
                        "cannot delete "
                                + out.errors().size()
                                + " version(s) of s3://"
                                + bucket
                                + "/"
                                + key
                                + ": S3 answered "
                                + first.code()
                                + " for version "
                                + first.versionId()
                                + "; the function's role needs s3:DeleteObjectVersion on conversations/*",
                        null);
            }
        }
        return !found.isEmpty();
    }

    private boolean deleteUnversioned(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw unavailable("read", key, e);
        } catch (SdkException e) {
            throw unavailable("read", key, e);
        }
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw unavailable("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + MemoryBucketLayout.CONVERSATIONS_PREFIX;
    }

    /**
     * 404 on a conditional update means the key is gone, unless S3 said the bucket is. The code may
     * be missing: PutObject sends {@code Expect: 100-continue}, and when S3 answers before "100
     * Continue" the url-connection client keeps the status but drops the error body.
     */
    private static boolean isNoSuchKey(S3Exception e) {
        return e instanceof NoSuchKeyException || !"NoSuchBucket".equals(errorCode(e));
    }

    static String errorCode(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode()
                : "";
    }

    private StoreUnavailableException unavailable(String what, String key, SdkException e) {
        String where = "s3://" + bucket + "/" + key;
        if (e instanceof S3Exception s3e) {
            String code = errorCode(s3e);
            String hint =
                    switch (s3e.statusCode()) {
                        // without s3:ListBucket, S3 answers 403 (not 404) for a key that does not
                        // exist yet
                        case 403 ->
                                "; the function's role needs s3:GetObject, s3:PutObject and s3:ListBucket on the memory bucket";
                        case 404 -> "NoSuchBucket".equals(code) ? "; check TWIN_MEMORY_BUCKET" : "";
                        default -> "";
                    };
            return new StoreUnavailableException(
                    "cannot "
                            + what
                            + " "
                            + where
                            + ": S3 answered "
                            + s3e.statusCode()
                            + " "
                            + code
                            + hint,
                    e);
        }
        return new StoreUnavailableException(
                "cannot "
                        + what
                        + " "
                        + where
                        + ": "
                        + e.getClass().getSimpleName()
                        + (e.getMessage() != null ? " " + e.getMessage() : ""),
                e);
    }
}
