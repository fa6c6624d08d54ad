package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The hand-written SigV4 against the SDK's {@code AwsV4HttpSigner} (configured as LeanS3 used it
 * before), against AWS's published S3 examples, and its HMAC against RFC 4231 and {@code
 * javax.crypto.Mac}.
 */
class SigV4Test {

    private static final Instant NOW = Instant.parse("2026-11-25T13:05:09Z");
    // Fixture identities in AWS's documented example format; not real keys.
    private static final AwsCredentialsIdentity BASIC =
            AwsBasicCredentials.create("AKIDEXAMPLE", "fixture-secret/with+chars=");
    private static final AwsCredentialsIdentity SESSION =
            AwsSessionCredentials.create(
                    "ASIADEXAMPLE", "fixture-session-secret", "fixture//session+token==");

    /**
     * One request as LeanS3 makes it: the raw key, raw query values, the headers besides the
     * signer's own.
     */
    record Req(
            String name,
            String method,
            String scheme,
            String host,
            int port,
            String bucketPath,
            String key,
            Map<String, String> query,
            Map<String, String> headers,
            byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> requests() {
        List<Req> table = new ArrayList<>();
        table.add(
                new Req(
                        "LIST, first page",
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "",
                        ordered("list-type", "2", "encoding-type", "url", "prefix", "site/"),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "LIST, continuation token with + = / and a prefix with blanks and unicode",
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "",
                        ordered(
                                "list-type",
                                "2",
                                "encoding-type",
                                "url",
                                "prefix",
                                "dir ü/a+b",
                                "continuation-token",
                                "1/ab+c/d=="),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "LIST, virtual-hosted on AWS over https",
                        "GET",
                        "https",
                        "site-bucket.s3.eu-central-1.amazonaws.com",
                        -1,
                        "",
                        "",
                        ordered("list-type", "2", "encoding-type", "url", "prefix", ""),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "HEAD, key with spaces",
                        "HEAD",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "a b/c  d.html",
                        Map.of(),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "GET, unicode key",
                        "GET",
                        "http",
                        "localhost",
                        4566,
                        "/b",
                        "ünï/日本語 ✓.html",
                        Map.of(),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "GET, key with + and %",
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "a+b%2Bc%.html",
                        Map.of(),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "GET, key with // and ../ and ./",
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "a//b/../c/./d/",
                        Map.of(),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "GET, key with reserved characters",
                        "GET",
                        "https",
                        "s3.eu-west-1.amazonaws.com",
                        -1,
                        "/www.example.com",
                        "x*y~z!'()@:;=&?#[]$,\"<>\\^`{|}.txt",
                        Map.of(),
                        Map.of(),
                        null));
        table.add(
                new Req(
                        "GET, endpoint with a base path",
                        "GET",
                        "http",
                        "127.0.0.1",
                        8080,
                        "/s3/b",
                        "k",
                        Map.of(),
                        Map.of(),
                        null));
        Map<String, String> put = new LinkedHashMap<>();
        put.put("Content-Type", "text/html; charset=utf-8");
        put.put("Cache-Control", "public, max-age=31536000, immutable");
        put.put("x-amz-server-side-encryption", "AES256");
        put.put(
                "x-amz-meta-twin-sha256",
                "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        put.put("X-Amz-Meta-Note", "  two  inner   blanks\tand a tab  ");
        table.add(
                new Req(
                        "PUT with metadata, cache control and SSE",
                        "PUT",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "site/ü x+y.html",
                        Map.of(),
                        put,
                        "<p>hello</p>".getBytes(StandardCharsets.UTF_8)));
        table.add(
                new Req(
                        "PUT of an empty body",
                        "PUT",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "empty",
                        Map.of(),
                        Map.of("Content-Type", "application/octet-stream"),
                        new byte[0]));
        byte[] delete =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet><Object><Key>a b</Key></Object></Delete>"
                        .getBytes(StandardCharsets.UTF_8);
        table.add(
                new Req(
                        "POST ?delete with Content-MD5",
                        "POST",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "",
                        Map.of("delete", ""),
                        ordered(
                                "Content-Type",
                                "application/xml",
                                "Content-MD5",
                                "1B2M2Y8AsgTpgAmY7PhCfg=="),
                        delete));
        List<Arguments> args = new ArrayList<>();
        for (Req r : table) {
            args.add(Arguments.of(r, BASIC));
            args.add(Arguments.of(r, SESSION));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("requests")
    void sign_matchesTheSdkSigner(Req request, AwsCredentialsIdentity identity) {
        // Given the request as the SDK signer saw it in LeanS3 before, and as LeanS3 now signs it
        SdkHttpRequest sdk = sdkSign(request, identity);

        // When
        Map<String, String> ours = ourSign(request, identity);

        // Then
        assertThat(ours.get("Authorization"))
                .isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("x-amz-date"))
                .isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("x-amz-content-sha256"))
                .isEqualTo(sdk.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        assertThat(ours.get("x-amz-security-token"))
                .isEqualTo(sdk.firstMatchingHeader("X-Amz-Security-Token").orElse(null));
    }

    @Test
    void sign_addsTheSessionToken_onlyForSessionCredentials() {
        Req get =
                new Req(
                        "GET",
                        "GET",
                        "http",
                        "127.0.0.1",
                        9000,
                        "/b",
                        "k",
                        Map.of(),
                        Map.of(),
                        null);

        Map<String, String> basic = ourSign(get, BASIC);
        Map<String, String> session = ourSign(get, SESSION);

        assertThat(basic).doesNotContainKey("x-amz-security-token");
        assertThat(basic.get("Authorization"))
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
        assertThat(session).containsEntry("x-amz-security-token", "fixture//session+token==");
        assertThat(session.get("Authorization"))
                .startsWith(
                        "AWS4-HMAC-SHA256 Credential=ASIADEXAMPLE/20261125/eu-west-1/s3/aws4_request, ")
                .contains(
                        "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,");
    }

    @Test
    void uriEncode_encodesKeysAsTheSdkDoes() {
        for (String key :
                List.of(
                        "a b",
                        "ü/日本語",
                        "a+b%2B",
                        "a//b/../c",
                        "x*y~z!'()",
                        "\uD83D\uDE00 emoji",
                        "lone \uD800 surrogate")) {
            assertThat(SigV4.uriEncode(key, true))
                    .as(key)
                    .isEqualTo(SdkHttpUtils.urlEncodeIgnoreSlashes(key));
            assertThat(SigV4.uriEncode(key, false)).as(key).isEqualTo(SdkHttpUtils.urlEncode(key));
        }
    }

    @Test
    void sign_reproducesAwsPublishedExample_getObject() {
        // Given AWS's documented S3 example (Signature Version 4, "Example: GET Object" with a
        // Range header)
        SigV4 signer = new SigV4("us-east-1", "s3");
        var credentials =
                new SigV4.Credentials(
                        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);

        // When
        Map<String, String> headers =
                signer.sign(
                        "GET",
                        "examplebucket.s3.amazonaws.com",
                        "/test.txt",
                        Map.of(),
                        Map.of("Range", "bytes=0-9"),
                        SigV4.EMPTY_SHA256,
                        credentials,
                        Instant.parse("2013-05-24T00:00:00Z").getEpochSecond());

        // Then
        assertThat(headers.get("Authorization"))
                .isEqualTo(
                        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void sign_reproducesAwsPublishedExample_listObjects() {
        SigV4 signer = new SigV4("us-east-1", "s3");
        var credentials =
                new SigV4.Credentials(
                        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);

        Map<String, String> headers =
                signer.sign(
                        "GET",
                        "examplebucket.s3.amazonaws.com",
                        "/",
                        ordered("max-keys", "2", "prefix", "J"),
                        Map.of(),
                        SigV4.EMPTY_SHA256,
                        credentials,
                        Instant.parse("2013-05-24T00:00:00Z").getEpochSecond());

        assertThat(headers.get("Authorization"))
                .endsWith(
                        "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void sign_reusesTheSigningKey_butNotAcrossDaysOrSecrets() {
        // Given one signer and the same request on two days and with two secrets
        SigV4 signer = new SigV4("eu-west-1", "s3");
        var a = new SigV4.Credentials("AKIDEXAMPLE", "secret-a", null);
        var b = new SigV4.Credentials("AKIDEXAMPLE", "secret-b", null);
        long day1 = NOW.getEpochSecond();
        long day2 = day1 + 86_400;

        // When the cache is warm for day 1 / secret a, then asked for the others, then day 1 again
        String first =
                signer.sign("GET", "h", "/b/k", Map.of(), Map.of(), SigV4.EMPTY_SHA256, a, day1)
                        .get("Authorization");
        String otherDay =
                signer.sign("GET", "h", "/b/k", Map.of(), Map.of(), SigV4.EMPTY_SHA256, a, day2)
                        .get("Authorization");
        String otherSecret =
                signer.sign("GET", "h", "/b/k", Map.of(), Map.of(), SigV4.EMPTY_SHA256, b, day1)
                        .get("Authorization");
        String again =
                signer.sign("GET", "h", "/b/k", Map.of(), Map.of(), SigV4.EMPTY_SHA256, a, day1)
                        .get("Authorization");

        // Then each matches what a fresh signer computes
        assertThat(again)
                .isEqualTo(first)
                .isEqualTo(
                        new SigV4("eu-west-1", "s3")
                                .sign(
                                        "GET",
                                        "h",
                                        "/b/k",
                                        Map.of(),
                                        Map.of(),
                                        SigV4.EMPTY_SHA256,
                                        a,
                                        day1)
                                .get("Authorization"));
        assertThat(otherDay)
                .isNotEqualTo(first)
                .isEqualTo(
                        new SigV4("eu-west-1", "s3")
                                .sign(
                                        "GET",
                                        "h",
                                        "/b/k",
                                        Map.of(),
                                        Map.of(),
                                        SigV4.EMPTY_SHA256,
                                        a,
                                        day2)
                                .get("Authorization"));
        assertThat(otherSecret)
                .isNotEqualTo(first)
                .isEqualTo(
                        new SigV4("eu-west-1", "s3")
                                .sign(
                                        "GET",
                                        "h",
                                        "/b/k",
                                        Map.of(),
                                        Map.of(),
                                        SigV4.EMPTY_SHA256,
                                        b,
                                        day1)
                                .get("Authorization"));
    }

    @Test
    void amzDate_isUtcBasicFormat() {
        assertThat(SigV4.amzDate(0)).isEqualTo("19700101T000000Z");
        assertThat(SigV4.amzDate(NOW.getEpochSecond())).isEqualTo("20261125T130509Z");
        assertThat(SigV4.amzDate(Instant.parse("2099-12-31T23:59:59Z").getEpochSecond()))
                .isEqualTo("20991231T235959Z");
    }

    @Test
    void credentials_toString_hidesTheSecretAndToken() {
        assertThat(
                        new SigV4.Credentials("AKIDEXAMPLE", "fixture-secret", "fixture-token")
                                .toString())
                .contains("AKIDEXAMPLE")
                .doesNotContain("fixture-secret")
                .doesNotContain("fixture-token");
    }

    // -- HMAC
    // ----------------------------------------------------------------------------------------------------

    @Test
    void hmacSha256_matchesRfc4231() {
        HexFormat hex = HexFormat.of();
        byte[] aa131 = filled(131, 0xaa);
        // RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (5 is a truncated output)
        assertThat(hex.formatHex(SigV4.hmacSha256(filled(20, 0x0b), ascii("Hi There"))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(
                        hex.formatHex(
                                SigV4.hmacSha256(
                                        ascii("Jefe"), ascii("what do ya want for nothing?"))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(hex.formatHex(SigV4.hmacSha256(filled(20, 0xaa), filled(50, 0xdd))))
                .isEqualTo("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
        assertThat(
                        hex.formatHex(
                                SigV4.hmacSha256(
                                        hex.parseHex(
                                                "0102030405060708090a0b0c0d0e0f10111213141516171819"),
                                        filled(50, 0xcd))))
                .isEqualTo("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        assertThat(
                        hex.formatHex(
                                SigV4.hmacSha256(
                                        aa131,
                                        ascii(
                                                "Test Using Larger Than Block-Size Key - Hash Key First"))))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertThat(
                        hex.formatHex(
                                SigV4.hmacSha256(
                                        aa131,
                                        ascii(
                                                "This is a test using a larger than block-size key and a larger than "
                                                        + "block-size data. The key needs to be hashed before being used by the HMAC algorithm."))))
                .isEqualTo("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void hmacSha256_matchesJavaxCryptoMac_onRandomInputs() throws Exception {
        Random random = new Random(4231);
        Mac mac = Mac.getInstance("HmacSHA256");
        // Key lengths around the 64-byte block (shorter, equal, longer: hashed first), messages of
        // any length.
        for (int i = 0; i < 2_000; i++) {
            byte[] key = new byte[1 + random.nextInt(i % 10 == 0 ? 200 : 80)];
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(key);
            random.nextBytes(message);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));

            assertThat(SigV4.hmacSha256(key, message))
                    .as("key %d bytes, message %d bytes", key.length, message.length)
                    .isEqualTo(mac.doFinal(message));
        }
        for (int length : new int[] {63, 64, 65}) {
            byte[] key = filled(length, 0x5a);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            assertThat(SigV4.hmacSha256(key, ascii("m"))).isEqualTo(mac.doFinal(ascii("m")));
        }
    }

    // -- helpers
    // -------------------------------------------------------------------------------------------------

    private static Map<String, String> ourSign(Req r, AwsCredentialsIdentity identity) {
        String token =
                identity
                                instanceof
                                software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity s
                        ? s.sessionToken()
                        : null;
        var credentials =
                new SigV4.Credentials(identity.accessKeyId(), identity.secretAccessKey(), token);
        String host =
                r.port() > 0 && r.port() != ("https".equals(r.scheme()) ? 443 : 80)
                        ? r.host() + ":" + r.port()
                        : r.host();
        String payload = r.body() == null ? SigV4.EMPTY_SHA256 : Sha256.hexOf(r.body());
        return new SigV4("eu-west-1", "s3")
                .sign(
                        r.method(),
                        host,
                        r.bucketPath() + "/" + SigV4.uriEncode(r.key(), true),
                        r.query(),
                        r.headers(),
                        payload,
                        credentials,
                        NOW.getEpochSecond());
    }

    /** Exactly how LeanS3 built and signed its requests with the SDK before SigV4 replaced it. */
    private static SdkHttpRequest sdkSign(Req r, AwsCredentialsIdentity identity) {
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder()
                        .method(SdkHttpMethod.fromValue(r.method()))
                        .protocol(r.scheme())
                        .host(r.host())
                        .encodedPath(
                                r.bucketPath()
                                        + "/"
                                        + SdkHttpUtils.urlEncodeIgnoreSlashes(r.key()));
        if (r.port() > 0) {
            request.port(r.port());
        }
        r.query().forEach(request::putRawQueryParameter);
        r.headers().forEach(request::putHeader);
        SdkHttpRequest built = request.build();
        return AwsV4HttpSigner.create()
                .sign(
                        s -> {
                            s.identity(identity)
                                    .request(built)
                                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                                    .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                                    .putProperty(
                                            AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                                    .putProperty(
                                            HttpSigner.SIGNING_CLOCK,
                                            Clock.fixed(NOW, ZoneOffset.UTC));
                            if (r.body() != null) {
                                s.payload(ContentStreamProvider.fromByteArray(r.body()));
                            }
                        })
                .request();
    }

    private static Map<String, String> ordered(String... nameValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put(nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
