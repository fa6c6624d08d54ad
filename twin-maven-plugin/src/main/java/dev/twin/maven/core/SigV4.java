package dev.twin.maven.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * AWS Signature Version 4 (header auth, signed payload) for S3 requests, on the JDK's SHA-256
 * alone. Why not the SDK's {@code AwsV4HttpSigner}: in a fresh JVM its first signature loads ~170
 * classes of the SDK (builders, checksums, slf4j lookup) and its HMAC ({@code javax.crypto.Mac})
 * initialises the whole JCA provider list (SunPKCS11, SunEC, JCE policy): ~250 ms on the critical
 * path of a no-op publish. The SDK signer's output is the reference: {@code SigV4Test} checks that
 * both produce the same headers for the requests LeanS3 makes.
 */
final class SigV4 {

    static final String EMPTY_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final int HMAC_BLOCK = 64;

    /** The caller's identity for one signature; the session token is null for long-term keys. */
    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        Credentials {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        }

        @Override
        public String toString() {
            // Never print the secret or the token (records print every component by default).
            return "Credentials[" + accessKeyId + "]";
        }
    }

    /**
     * The signing key of one day, region and secret: four HMACs saved on every other request of
     * that day.
     */
    private record SigningKey(String date, String secretAccessKey, byte[] key) {
        @Override
        public String toString() {
            return "SigningKey[" + date + "]";
        }
    }

    private final String region;
    private final String service;
    private volatile SigningKey cached;

    SigV4(String region, String service) {
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * The headers to add to a request so S3 accepts it: {@code x-amz-date}, {@code
     * x-amz-content-sha256}, {@code x-amz-security-token} (session credentials only) and {@code
     * Authorization}.
     *
     * @param host the Host header as it will be sent: {@code host} or {@code host:port}
     *     (non-default port)
     * @param encodedPath the path as it goes on the wire, already percent-encoded once (S3 signs it
     *     as is)
     * @param query raw (not encoded) query parameters; a value of "" for a bare name such as {@code
     *     ?delete}
     * @param headers the other headers the request sends (all of them are signed)
     * @param payloadSha256 lower-case hex SHA-256 of the body ({@link #EMPTY_SHA256} for none)
     * @param epochSecond the signing time
     */
    Map<String, String> sign(
            String method,
            String host,
            String encodedPath,
            Map<String, String> query,
            Map<String, String> headers,
            String payloadSha256,
            Credentials credentials,
            long epochSecond) {
        String amzDate = amzDate(epochSecond);
        String date = amzDate.substring(0, 8);

        Map<String, String> added = new LinkedHashMap<>();
        added.put("x-amz-date", amzDate);
        added.put("x-amz-content-sha256", payloadSha256);
        if (credentials.sessionToken() != null) {
            added.put("x-amz-security-token", credentials.sessionToken());
        }

        // Canonical headers: lower-case names, sorted; values trimmed with inner runs of blanks
        // collapsed.
        TreeMap<String, String> canonical = new TreeMap<>();
        canonical.put("host", host);
        // Loops, not lambdas: each lambda is a class spun at first use, which a cold JVM pays for.
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            String value = trimAll(h.getValue());
            String before = canonical.get(name);
            canonical.put(name, before == null ? value : before + "," + value);
        }
        for (Map.Entry<String, String> h : added.entrySet()) {
            canonical.put(h.getKey(), trimAll(h.getValue()));
        }
        StringBuilder canonicalHeaders = new StringBuilder(256);
        StringBuilder signedHeaders = new StringBuilder(128);
        for (Map.Entry<String, String> h : canonical.entrySet()) {
            canonicalHeaders.append(h.getKey()).append(':').append(h.getValue()).append('\n');
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(h.getKey());
        }

        // Explicit builders: sized once, and independent of how the module compiles '+' (see the
        // pom's
        // -XDstringConcat=inline for why invokedynamic concatenation is avoided on this path).
        String canonicalRequest =
                new StringBuilder(512)
                        .append(method)
                        .append('\n')
                        .append(encodedPath)
                        .append('\n')
                        .append(canonicalQuery(query))
                        .append('\n')
                        .append(canonicalHeaders)
                        .append('\n')
                        .append(signedHeaders)
                        .append('\n')
                        .append(payloadSha256)
                        .toString();
        String scope =
                new StringBuilder(64)
                        .append(date)
                        .append('/')
                        .append(region)
                        .append('/')
                        .append(service)
                        .append("/aws4_request")
                        .toString();
        String stringToSign =
                new StringBuilder(160)
                        .append("AWS4-HMAC-SHA256\n")
                        .append(amzDate)
                        .append('\n')
                        .append(scope)
                        .append('\n')
                        .append(Sha256.hexOf(canonicalRequest.getBytes(StandardCharsets.UTF_8)))
                        .toString();
        String signature =
                Sha256.hex(
                        hmacSha256(
                                signingKey(date, credentials.secretAccessKey()),
                                stringToSign.getBytes(StandardCharsets.UTF_8)));

        added.put(
                "Authorization",
                new StringBuilder(256)
                        .append("AWS4-HMAC-SHA256 Credential=")
                        .append(credentials.accessKeyId())
                        .append('/')
                        .append(scope)
                        .append(", SignedHeaders=")
                        .append(signedHeaders)
                        .append(", Signature=")
                        .append(signature)
                        .toString());
        return added;
    }

    private byte[] signingKey(String date, String secretAccessKey) {
        SigningKey k = cached;
        if (k != null && k.date().equals(date) && k.secretAccessKey().equals(secretAccessKey)) {
            return k.key();
        }
        byte[] key =
                hmacSha256(
                        bytes(new StringBuilder("AWS4").append(secretAccessKey).toString()),
                        bytes(date));
        key = hmacSha256(key, bytes(region));
        key = hmacSha256(key, bytes(service));
        key = hmacSha256(key, bytes("aws4_request"));
        cached = new SigningKey(date, secretAccessKey, key);
        return key;
    }

    /**
     * The query string as signed and as sent: RFC 3986-encoded names and values, sorted by encoded
     * name.
     */
    static String canonicalQuery(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        // Names are unique (a map), so sorting by encoded name is the whole rule.
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> p : query.entrySet()) {
            sorted.put(uriEncode(p.getKey(), false), uriEncode(p.getValue(), false));
        }
        StringBuilder b = new StringBuilder(64);
        for (Map.Entry<String, String> p : sorted.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(p.getKey()).append('=').append(p.getValue());
        }
        return b.toString();
    }

    /**
     * RFC 3986 percent-encoding of the UTF-8 bytes: letters, digits and {@code - _ . ~} stay,
     * everything else is {@code %XX} (upper-case hex); {@code /} stays too when {@code keepSlash}
     * (an object key in a path).
     */
    static String uriEncode(String s, boolean keepSlash) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(utf8.length + 16);
        for (byte raw : utf8) {
            int c = raw & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
            }
        }
        return b.toString();
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} in UTC, without DateTimeFormatter (whose first use loads its
     * printer classes).
     */
    static String amzDate(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(16);
        pad(b, t.getYear(), 4);
        pad(b, t.getMonthValue(), 2);
        pad(b, t.getDayOfMonth(), 2);
        b.append('T');
        pad(b, t.getHour(), 2);
        pad(b, t.getMinute(), 2);
        pad(b, t.getSecond(), 2);
        return b.append('Z').toString();
    }

    private static void pad(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }

    /**
     * Leading and trailing blanks removed, inner runs of blanks reduced to one space (SigV4's
     * header rule).
     */
    static String trimAll(String value) {
        StringBuilder b = new StringBuilder(value.length());
        boolean blank = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
                blank = b.length() > 0;
            } else {
                if (blank) {
                    b.append(' ');
                    blank = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * HMAC-SHA256 per RFC 2104, H((K ^ opad) || H((K ^ ipad) || m)) with SHA-256's 64-byte block,
     * on {@link MessageDigest}: {@code javax.crypto.Mac} would initialise the JCE provider list for
     * four bytes of arithmetic. Checked against RFC 4231 and against {@code Mac} in {@code
     * SigV4Test}.
     */
    static byte[] hmacSha256(byte[] key, byte[] message) {
        MessageDigest sha = Sha256.digest();
        byte[] k = key.length > HMAC_BLOCK ? sha.digest(key) : key;
        byte[] pad = new byte[HMAC_BLOCK];
        for (int i = 0; i < HMAC_BLOCK; i++) {
            pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
        }
        sha.update(pad);
        sha.update(message);
        byte[] inner = sha.digest();
        for (int i = 0; i < HMAC_BLOCK; i++) {
            pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x5c);
        }
        sha.update(pad);
        sha.update(inner);
        return sha.digest();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
