package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Adapter: the persona from the files under an S3 prefix ({@code persona/} by default). It is
 * cached; at most once per revalidation interval ONE listing of the prefix compares the ETags, and
 * only new or changed files are fetched. Between revalidations a turn makes no S3 request for the
 * persona. When S3 fails during a revalidation the cached persona keeps being served (and logged).
 */
public final class S3PersonaSource implements PersonaSource {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Duration revalidateEvery;
    private final Clock clock;

    private volatile Persona cached;
    private volatile Instant nextCheck = Instant.MIN;

    /** name -> ETag of the files {@link #cached} was built from. Guarded by {@code this}. */
    private Map<String, String> etags = Map.of();

    public S3PersonaSource(
            S3Client s3, String bucket, String prefix, Duration revalidateEvery, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = normalise(prefix);
        this.revalidateEvery = Objects.requireNonNull(revalidateEvery, "revalidateEvery");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code persona} and {@code /persona/} both mean the folder {@code persona/}; blank means the
     * bucket root.
     */
    static String normalise(String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    @Override
    public Persona current() {
        Persona p = cached;
        if (p != null && clock.instant().isBefore(nextCheck)) {
            return p; // the warm path: no request at all
        }
        return revalidate();
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    private synchronized Persona revalidate() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(nextCheck)) {
            return cached; // another thread revalidated while this one waited
        }
        try {
            Map<String, String> listed = list();
            if (cached == null || !listed.equals(etags)) {
                load(listed);
            }
        } catch (PersonaUnavailableException e) {
            if (cached == null) {
                throw e;
            }
            // keep answering with the last good persona; the operator sees why the edit is not live
            Log.warn("persona_reload_failed", e.getMessage());
        }
        nextCheck = now.plus(revalidateEvery);
        return cached;
    }

    /**
     * name -> ETag of every persona file directly under the prefix: one request for any real
     * persona.
     */
    private Map<String, String> list() {
        Map<String, String> out = new TreeMap<>();
        String token = null;
        try {
            do {
                String continuation = token;
                ListObjectsV2Response page =
                        s3.listObjectsV2(
                                r ->
                                        r.bucket(bucket)
                                                .prefix(prefix)
                                                .delimiter("/")
                                                .continuationToken(continuation));
                for (S3Object o : page.contents()) {
                    String name = o.key().substring(prefix.length());
                    if (Persona.isPersonaFile(name)) {
                        out.put(name, o.eTag());
                    }
                }
                token =
                        Boolean.TRUE.equals(page.isTruncated())
                                ? page.nextContinuationToken()
                                : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failed("cannot list " + describe(), e);
        }
        return out;
    }

    /** Fetches the files whose ETag changed, reuses the text of the others, and swaps the cache. */
    private void load(Map<String, String> listed) {
        if (!listed.containsKey(Persona.ME)) {
            throw new PersonaUnavailableException(
                    describe()
                            + " has no "
                            + Persona.ME
                            + "; upload one (mvn twin:upload-persona)"
                            + " or set TWIN_PERSONA_PREFIX to the folder that has it",
                    null);
        }
        Map<String, String> old = cached == null ? Map.of() : cached.files();
        Map<String, String> files = new TreeMap<>();
        Map<String, String> seen = new TreeMap<>();
        for (Map.Entry<String, String> e : listed.entrySet()) {
            String name = e.getKey();
            if (old.containsKey(name) && e.getValue().equals(etags.get(name))) {
                files.put(name, old.get(name));
                seen.put(name, e.getValue());
                continue;
            }
            ResponseBytes<GetObjectResponse> got;
            try {
                got = s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + name));
            } catch (SdkException ex) {
                throw failed("cannot read " + describe() + name, ex);
            }
            files.put(name, text(got.asByteArrayUnsafe()));
            // the ETag of what was read: if the file changed after the listing, the next one
            // notices
            seen.put(name, got.response().eTag());
        }
        try {
            cached = new Persona(files);
        } catch (IllegalArgumentException e) {
            throw new PersonaUnavailableException(
                    describe()
                            + Persona.ME
                            + " is empty; write a few paragraphs about"
                            + " yourself there in the first person",
                    e);
        }
        etags = seen;
    }

    /** UTF-8 without the byte-order mark some Windows editors add. */
    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private PersonaUnavailableException failed(String what, SdkException e) {
        String detail =
                e instanceof S3Exception s3e
                        ? "S3 answered "
                                + s3e.statusCode()
                                + " "
                                + S3ConversationStore.errorCode(s3e)
                                + (s3e.statusCode() == 403
                                        ? "; the function's role needs s3:ListBucket and s3:GetObject on "
                                                + describe()
                                        : "")
                        : e.getClass().getSimpleName()
                                + (e.getMessage() != null ? " " + e.getMessage() : "");
        return new PersonaUnavailableException(what + ": " + detail, e);
    }
}
