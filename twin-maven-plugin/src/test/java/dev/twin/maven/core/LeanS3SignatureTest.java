package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.maven.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * LeanS3's own signatures against s3proxy, which checks SigV4 (aws-v2-or-v4 with the test
 * identity): every call and awkward keys are accepted, a wrong secret is refused with a clear
 * message, and the SDK reads back what was put.
 */
class LeanS3SignatureTest {

    private static final String WRONG_SECRET = "not-the-secret-but-close";

    private final LocalS3 localS3 = LocalS3.get();
    private String bucket;
    private LeanS3 lean;

    @BeforeEach
    void setUp() {
        bucket = localS3.newBucket("sigv4");
        lean = leanS3(LocalS3.SECRET_KEY);
    }

    @Test
    void everyCall_isAccepted_forKeysWithBlanksPlusPercentUnicodeAndDoubleSlashes(@TempDir Path dir)
            throws Exception {
        // Given keys that S3 signs byte for byte (encoded once, never normalised); "//" and "../"
        // are signed here
        // and in SigV4Test, but not listed back: s3proxy's file-backed store normalises or refuses
        // them
        List<String> keys =
                List.of(
                        "site/a b.html",
                        "site/a+b%2Bc%.js",
                        "site/ünï/日本語 ✓.css",
                        "site/x/y./.z..txt",
                        "site/x*y~z!'().txt");
        Path file = Files.writeString(dir.resolve("f.txt"), "from a file", StandardCharsets.UTF_8);

        // When each is put (from a file with and without a known hash, from bytes), listed, read,
        // headed and deleted
        for (int i = 0; i < keys.size(); i++) {
            LeanS3.PutHeaders headers =
                    new LeanS3.PutHeaders(
                            "text/css",
                            "public,  max-age=60",
                            Map.of("twin-sha256", "h" + i),
                            i == 0 ? "AES256" : null);
            switch (i % 3) {
                case 0 ->
                        lean.put(
                                bucket,
                                keys.get(i),
                                file,
                                Files.size(file),
                                headers,
                                Sha256.hexOf(Files.readAllBytes(file)));
                case 1 -> lean.put(bucket, keys.get(i), file, Files.size(file), headers);
                default ->
                        lean.put(
                                bucket,
                                keys.get(i),
                                "from bytes".getBytes(StandardCharsets.UTF_8),
                                headers);
            }
        }
        String doubleSlash =
                lean.put(
                        bucket,
                        "other//x.txt",
                        new byte[] {1},
                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null));
        List<String> listed = lean.list(bucket, "site/").stream().map(LeanS3.Listed::key).toList();
        Optional<byte[]> body = lean.get(bucket, keys.get(2));
        Optional<Map<String, String>> metadata = lean.headMetadata(bucket, keys.get(3));
        lean.delete(bucket, keys.subList(0, 2));

        // Then s3proxy accepted every signature and holds what was sent
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(doubleSlash).isNotBlank();
        assertThat(body)
                .hasValueSatisfying(
                        b ->
                                assertThat(new String(b, StandardCharsets.UTF_8))
                                        .isEqualTo("from bytes"));
        assertThat(metadata).hasValue(Map.of("twin-sha256", "h3"));
        assertThat(lean.list(bucket, "site/"))
                .extracting(LeanS3.Listed::key)
                .containsExactlyInAnyOrderElementsOf(keys.subList(2, 5));
        try (S3Client checker = localS3.checker()) {
            ResponseBytes<GetObjectResponse> object =
                    checker.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(3)));
            assertThat(object.asUtf8String()).isEqualTo("from a file");
            assertThat(object.response().contentType()).isEqualTo("text/css");
            assertThat(object.response().cacheControl()).isEqualTo("public,  max-age=60");
        }
    }

    @Test
    void put_withAKnownHash_doesNotNeedToReadTheFileForTheSignature(@TempDir Path dir)
            throws Exception {
        // Given a file whose hash the caller knows
        byte[] content = "known hash".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("k.txt"), content);
        String sha256 = Sha256.hexOf(content);

        // When it is put with that hash
        String etag =
                lean.put(
                        bucket,
                        "k.txt",
                        file,
                        content.length,
                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null),
                        sha256);

        // Then s3proxy accepted the signature over that hash and stored the bytes
        assertThat(etag).isNotBlank();
        assertThat(lean.get(bucket, "k.txt"))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    }

    @Test
    void put_withAKnownHashThatIsNotTheFiles_isRefused_andStoresNothing(@TempDir Path dir)
            throws Exception {
        // Given a file that changed after it was hashed
        Path file = Files.writeString(dir.resolve("k.txt"), "changed");

        // When it is put with the stale hash, then S3 (here s3proxy) compares the body with the
        // signed hash
        assertThatThrownBy(
                        () ->
                                lean.put(
                                        bucket,
                                        "k.txt",
                                        file,
                                        Files.size(file),
                                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null),
                                        Sha256.hexOf("original".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("PutObject k.txt")
                .hasMessageContaining("XAmzContentSHA256Mismatch");
        assertThat(lean.get(bucket, "k.txt")).isEmpty();
    }

    @Test
    void put_refusesAKnownHashThatIsNotASha256Hex(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("k.txt"), "x");

        assertThatThrownBy(
                        () ->
                                lean.put(
                                        bucket,
                                        "k.txt",
                                        file,
                                        1,
                                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null),
                                        "ABC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("knownSha256Hex")
                .hasMessageContaining("\"ABC\"");
        assertThat(lean.get(bucket, "k.txt")).isEmpty();
    }

    @Test
    void anyCall_withAWrongSecret_failsWith403SignatureDoesNotMatch_withoutTheSecret() {
        // Given the right access key id with a wrong secret
        LeanS3 wrong = leanS3(WRONG_SECRET);

        // When / Then: s3proxy recomputes the signature and refuses it
        assertThatThrownBy(() -> wrong.list(bucket, ""))
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("ListObjectsV2 on s3://" + bucket)
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY")
                .satisfies(
                        e ->
                                assertThat(e.getMessage())
                                        .doesNotContain(WRONG_SECRET)
                                        .doesNotContain(LocalS3.SECRET_KEY));
        assertThatThrownBy(
                        () ->
                                wrong.put(
                                        bucket,
                                        "k",
                                        "x".getBytes(StandardCharsets.UTF_8),
                                        new LeanS3.PutHeaders("text/plain", null, Map.of(), null)))
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("SignatureDoesNotMatch")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(WRONG_SECRET));
        assertThat(lean.get(bucket, "k")).isEmpty();
    }

    private LeanS3 leanS3(String secret) {
        return new LeanS3(
                new LeanS3.Endpoint(Optional.of(localS3.endpoint()), "us-east-1"),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalS3.ACCESS_KEY, secret)));
    }
}
