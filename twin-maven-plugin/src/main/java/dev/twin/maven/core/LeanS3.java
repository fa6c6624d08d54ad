package dev.twin.maven.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The five S3 object calls the site publisher makes (LIST, GET, HEAD, PUT, DELETE), on the JDK's
 * HTTP client and signed by {@link SigV4} (JDK only; proven equal to the SDK's signer in
 * SigV4Test). Why not the SDK's S3 client: building and first calling it loads ~5,000 classes,
 * which is most of a no-op publish's wall time in a fresh Maven JVM; and why not the SDK's signer:
 * see SigV4. Credentials still come from the SDK's providers (profiles, SSO, environment,
 * container, IMDS).
 */
public final class LeanS3 {

    /** How to reach a bucket: an endpoint override (path-style) or AWS S3 (virtual-hosted). */
    public record Endpoint(Optional<URI> override, String region) {
        public Endpoint {
            Objects.requireNonNull(override, "override");
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("region is required");
            }
        }

        /** Scheme, host, port and the encoded path prefix for {@code bucket}. */
        Target target(String bucket) {
            if (override.isPresent()) {
                URI uri = override.get();
                StringBuilder path =
                        new StringBuilder(uri.getRawPath() == null ? "" : uri.getRawPath());
                while (path.length() > 0 && path.charAt(path.length() - 1) == '/') {
                    path.setLength(path.length() - 1);
                }
                return new Target(
                        uri.getScheme(),
                        uri.getHost(),
                        uri.getPort(),
                        path.append('/').append(bucket).toString());
            }
            String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
            // Dotted names break the wildcard TLS certificate of virtual-hosted S3: those go
            // path-style.
            if (bucket.contains(".")) {
                return new Target("https", "s3." + region + "." + domain, -1, "/" + bucket);
            }
            return new Target("https", bucket + ".s3." + region + "." + domain, -1, "");
        }
    }

    record Target(String scheme, String host, int port, String bucketPath) {}

    /** One object of a listing. */
    public record Listed(String key, String etag, long size) {}

    /**
     * The headers of a PUT besides its body; a null cache control or server-side encryption is not
     * sent.
     */
    public record PutHeaders(
            String contentType,
            String cacheControl,
            Map<String, String> metadata,
            String serverSideEncryption) {
        public PutHeaders {
            Objects.requireNonNull(contentType, "contentType");
            metadata = Map.copyOf(metadata);
        }
    }

    private static final int ATTEMPTS = 3;
    private static final int CONNECT_TIMEOUT_MS = (int) Duration.ofSeconds(10).toMillis();
    private static final int READ_TIMEOUT_MS = (int) Duration.ofSeconds(60).toMillis();

    private final Endpoint endpoint;
    private final AwsCredentialsProvider credentials;
    private final SigV4 signer;

    public LeanS3(Endpoint endpoint, AwsCredentialsProvider credentials) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.credentials = Objects.requireNonNull(credentials);
        this.signer = new SigV4(endpoint.region(), "s3");
    }

    /** Every object under {@code prefix} (ListObjectsV2, all pages). */
    public List<Listed> list(String bucket, String prefix) {
        List<Listed> objects = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("list-type", "2");
            query.put("encoding-type", "url");
            query.put("prefix", prefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            Response r =
                    send(
                            "ListObjectsV2",
                            bucket,
                            "GET",
                            "",
                            query,
                            Map.of(),
                            null,
                            -1,
                            SigV4.EMPTY_SHA256);
            token = parseListing(r.body, objects);
        } while (token != null);
        return objects;
    }

    /** The object's bytes, or empty when there is no such key. */
    public Optional<byte[]> get(String bucket, String key) {
        Response r =
                send(
                        "GetObject",
                        bucket,
                        "GET",
                        key,
                        Map.of(),
                        Map.of(),
                        null,
                        -1,
                        SigV4.EMPTY_SHA256,
                        404);
        return r.status == 404 ? Optional.empty() : Optional.of(r.body);
    }

    /**
     * The object's user metadata (names without {@code x-amz-meta-}, lower case), or empty when it
     * is missing.
     */
    public Optional<Map<String, String>> headMetadata(String bucket, String key) {
        Response r =
                send(
                        "HeadObject",
                        bucket,
                        "HEAD",
                        key,
                        Map.of(),
                        Map.of(),
                        null,
                        -1,
                        SigV4.EMPTY_SHA256,
                        404);
        if (r.status == 404) {
            return Optional.empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : r.headers.entrySet()) {
            if (h.getKey().startsWith("x-amz-meta-")) {
                metadata.put(h.getKey().substring("x-amz-meta-".length()), h.getValue());
            }
        }
        return Optional.of(metadata);
    }

    /** Puts {@code file} (of {@code size} bytes) at {@code key}; returns the new object's ETag. */
    public String put(String bucket, String key, Path file, long size, PutHeaders headers) {
        return put(bucket, key, file, size, headers, null);
    }

    /**
     * As {@link #put(String, String, Path, long, PutHeaders)}, with the file's SHA-256 (lower-case
     * hex) when the caller has already computed it, so the file is read once instead of twice; null
     * to have it computed here.
     */
    public String put(
            String bucket,
            String key,
            Path file,
            long size,
            PutHeaders headers,
            String knownSha256Hex) {
        String sha256 = knownSha256Hex != null ? requireSha256Hex(knownSha256Hex) : sha256Hex(file);
        return put(bucket, key, () -> Files.newInputStream(file), size, headers, sha256);
    }

    public String put(String bucket, String key, byte[] body, PutHeaders headers) {
        return put(
                bucket,
                key,
                () -> new ByteArrayInputStream(body),
                body.length,
                headers,
                Sha256.hexOf(body));
    }

    private String put(
            String bucket,
            String key,
            Body body,
            long size,
            PutHeaders headers,
            String payloadSha256) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", headers.contentType());
        if (headers.cacheControl() != null) {
            h.put("Cache-Control", headers.cacheControl());
        }
        if (headers.serverSideEncryption() != null) {
            h.put("x-amz-server-side-encryption", headers.serverSideEncryption());
        }
        for (Map.Entry<String, String> m : headers.metadata().entrySet()) {
            h.put("x-amz-meta-" + m.getKey(), m.getValue());
        }
        Response r =
                send(
                        "PutObject " + key,
                        bucket,
                        "PUT",
                        key,
                        Map.of(),
                        h,
                        body,
                        size,
                        payloadSha256);
        return r.headers.getOrDefault("etag", "");
    }

    /**
     * Deletes up to 1,000 keys in one DeleteObjects call; fails with the first key S3 could not
     * delete.
     */
    public void delete(String bucket, List<String> keys) {
        if (keys.size() > 1000) {
            throw new IllegalArgumentException(
                    "DeleteObjects takes at most 1000 keys, got " + keys.size());
        }
        StringBuilder xml =
                new StringBuilder(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>");
        keys.forEach(
                k -> xml.append("<Object><Key>").append(xmlEscape(k)).append("</Key></Object>"));
        byte[] body = xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
        // S3 refuses a multi-object delete without an integrity header.
        Map<String, String> h =
                Map.of("Content-Type", "application/xml", "Content-MD5", md5Base64(body));
        Response r =
                send(
                        "DeleteObjects",
                        bucket,
                        "POST",
                        "",
                        Map.of("delete", ""),
                        h,
                        () -> new ByteArrayInputStream(body),
                        body.length,
                        Sha256.hexOf(body));
        Optional<String[]> failed = firstDeleteError(r.body);
        failed.ifPresent(
                e -> {
                    throw new AwsRequestFailedException(
                            "DeleteObjects",
                            "s3://" + bucket + "/" + e[0],
                            e[1] + ": " + e[2],
                            null);
                });
    }

    /** A request body that can be read again for a retry. */
    @FunctionalInterface
    private interface Body {
        InputStream open() throws IOException;
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {}

    private Response send(
            String operation,
            String bucket,
            String method,
            String key,
            Map<String, String> query,
            Map<String, String> headers,
            Body body,
            long size,
            String payloadSha256,
            int... accepted) {
        Target t = endpoint.target(bucket);
        // S3 signs the path as sent: encoded once, never normalised (keys may hold "//", "../", "%"
        // or "+").
        String path =
                new StringBuilder(t.bucketPath())
                        .append('/')
                        .append(SigV4.uriEncode(key, true))
                        .toString();
        String queryString = SigV4.canonicalQuery(query);
        // What HttpURLConnection sends as Host (it leaves out the scheme's default port), which is
        // what S3 checks.
        StringBuilder host = new StringBuilder(t.host());
        if (t.port() > 0 && t.port() != defaultPort(t.scheme())) {
            host.append(':').append(t.port());
        }
        // Builders, not '+', on this path: see SigV4.sign.
        StringBuilder url =
                new StringBuilder(128).append(t.scheme()).append("://").append(t.host());
        if (t.port() > 0) {
            url.append(':').append(t.port());
        }
        url.append(path);
        if (!queryString.isEmpty()) {
            url.append('?').append(queryString);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // Signed per attempt: a retry after a back-off gets a fresh x-amz-date.
            Map<String, String> signed = new LinkedHashMap<>(headers);
            signed.putAll(
                    signer.sign(
                            method,
                            host.toString(),
                            path,
                            query,
                            headers,
                            payloadSha256,
                            credentials(operation, bucket),
                            System.currentTimeMillis() / 1000));
            try {
                Response r = exchange(url.toString(), method, signed, body, size);
                if (r.status / 100 == 2 || contains(accepted, r.status)) {
                    return r;
                }
                if (attempt < ATTEMPTS && (r.status >= 500 || r.status == 429)) {
                    backOff(attempt);
                    continue;
                }
                throw failure(operation, bucket, r);
            } catch (IOException e) {
                last = e;
                if (attempt < ATTEMPTS) {
                    backOff(attempt);
                }
            }
        }
        throw new AwsRequestFailedException(
                operation,
                "s3://" + bucket,
                "cannot reach "
                        + t.scheme()
                        + "://"
                        + t.host()
                        + (t.port() > 0 ? ":" + t.port() : "")
                        + " ("
                        + last
                        + ")",
                last);
    }

    private SigV4.Credentials credentials(String operation, String bucket) {
        AwsCredentials identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure(operation, "s3://" + bucket, e);
        }
        String token =
                identity instanceof AwsSessionCredentialsIdentity session
                        ? session.sessionToken()
                        : null;
        return new SigV4.Credentials(identity.accessKeyId(), identity.secretAccessKey(), token);
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static Response exchange(
            String url, String method, Map<String, String> headers, Body body, long size)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod(method);
            // Host is set by the connection itself (host[:port], as signed).
            for (Map.Entry<String, String> h : headers.entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(size);
                try (InputStream in = body.open();
                        OutputStream out = c.getOutputStream()) {
                    in.transferTo(out);
                }
            }
            int status = c.getResponseCode();
            Map<String, String> responseHeaders = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
                if (h.getKey() != null && !h.getValue().isEmpty()) {
                    responseHeaders.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
                }
            }
            byte[] bytes = readAll(status >= 400 ? c.getErrorStream() : c.getInputStream());
            return new Response(status, responseHeaders, bytes);
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        // Read to the end (and close) so the connection goes back to the keep-alive cache.
        try (in) {
            return in.readAllBytes();
        }
    }

    private TwinException failure(String operation, String bucket, Response r) {
        String[] error = parseError(r.body);
        String code = error[0] != null ? error[0] : statusCode(r.status);
        if ("NoSuchBucket".equals(code)) {
            return new BucketNotFoundException(bucket);
        }
        String reason = code + ": " + (error[1] != null ? error[1] : "HTTP " + r.status);
        String region = r.headers.get("x-amz-bucket-region");
        if (region != null && !region.equals(endpoint.region())) {
            reason += " (the bucket is in " + region + "; set -Dtwin.region=" + region + ")";
        }
        if ("SignatureDoesNotMatch".equals(code) || "InvalidAccessKeyId".equals(code)) {
            // Almost always a secret that belongs to another key (or a stale profile), rarely a
            // signing bug.
            reason +=
                    " (the secret access key in use does not match its access key id: check the credentials of "
                            + "-Dtwin.profile / AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
        }
        if ("XAmzContentSHA256Mismatch".equals(code) || "BadDigest".equals(code)) {
            reason +=
                    " (the file's bytes no longer match the hash taken of them: it changed during the upload; run again)";
        }
        return new AwsRequestFailedException(operation, "s3://" + bucket, reason, null);
    }

    /** What S3 means by a status when a HEAD answer has no body to say it. */
    private static String statusCode(int status) {
        return switch (status) {
            case 301 -> "PermanentRedirect";
            case 400 -> "BadRequest";
            case 403 -> "AccessDenied";
            case 404 -> "NoSuchBucket";
            default -> "HTTP " + status;
        };
    }

    // -- XML
    // ------------------------------------------------------------------------------------------------------

    // S3Xml rather than the JDK's StAX parser: StAX costs 100-200 ms in a fresh JVM to read a
    // 1,000-object listing.
    private static S3Xml.Element xml(byte[] body) {
        return S3Xml.parse(new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Adds the listed objects to {@code into}; returns the next continuation token, or null on the
     * last page.
     */
    static String parseListing(byte[] body, List<Listed> into) {
        try {
            S3Xml.Element root = xml(body);
            String encoding = root.childText("EncodingType");
            boolean urlEncoded = encoding != null && "url".equalsIgnoreCase(encoding.strip());
            String truncatedText = root.childText("IsTruncated");
            boolean truncated =
                    truncatedText != null && "true".equalsIgnoreCase(truncatedText.strip());
            String next = root.childText("NextContinuationToken");
            List<Listed> page = new ArrayList<>();
            for (S3Xml.Element c : root.children("Contents")) {
                String key = c.childText("Key");
                if (key == null) {
                    throw new IllegalStateException("a listed object without a Key");
                }
                // With encoding-type=url, keys come percent-encoded (so any key survives XML 1.0),
                // '+' for a space.
                String size = c.childText("Size");
                page.add(
                        new Listed(
                                urlEncoded ? URLDecoder.decode(key, StandardCharsets.UTF_8) : key,
                                c.childText("ETag"),
                                size == null ? -1 : Long.parseLong(size.strip())));
            }
            if (truncated && (next == null || next.isEmpty())) {
                throw new IllegalStateException(
                        "a truncated listing without a NextContinuationToken");
            }
            into.addAll(page);
            return truncated ? next : null;
        } catch (RuntimeException e) {
            throw new AwsRequestFailedException(
                    "ListObjectsV2",
                    "the listing",
                    "unreadable answer (" + e.getMessage() + ")",
                    e);
        }
    }

    /** {Code, Message} of an S3 error document; nulls when there is none. */
    static String[] parseError(byte[] body) {
        String[] error = new String[2];
        if (body.length == 0) {
            return error;
        }
        try {
            S3Xml.Element root = xml(body);
            error[0] = textOf(root, "Code");
            error[1] = textOf(root, "Message");
        } catch (RuntimeException e) {
            // not an S3 error document (a proxy's HTML page): the status says enough
        }
        return error;
    }

    /**
     * The text of {@code root} itself or of its first descendant called {@code name}; null when
     * there is none.
     */
    private static String textOf(S3Xml.Element root, String name) {
        return name.equals(root.name())
                ? root.text()
                : root.find(name).map(S3Xml.Element::text).orElse(null);
    }

    /** {Key, Code, Message} of the first error in a DeleteObjects answer. */
    static Optional<String[]> firstDeleteError(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            return xml(body)
                    .find("Error")
                    .map(
                            e ->
                                    new String[] {
                                        e.childText("Key"),
                                        e.childText("Code"),
                                        e.childText("Message")
                                    });
        } catch (S3Xml.MalformedXmlException e) {
            throw new AwsRequestFailedException(
                    "DeleteObjects", "the answer", "unreadable (" + e.getMessage() + ")", e);
        }
    }

    static String xmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
                        b.append("&#").append((int) ch).append(';');
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String md5Base64(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    private static String sha256Hex(Path file) {
        try {
            return Sha256.hexOf(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String requireSha256Hex(String hex) {
        boolean valid = hex.length() == 64;
        for (int i = 0; valid && i < hex.length(); i++) {
            char ch = hex.charAt(i);
            valid = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
        }
        if (!valid) {
            throw new IllegalArgumentException(
                    "knownSha256Hex must be 64 lower-case hex digits (a SHA-256), got \""
                            + hex
                            + "\"");
        }
        return hex;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(100L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying an S3 call", e);
        }
    }
}
