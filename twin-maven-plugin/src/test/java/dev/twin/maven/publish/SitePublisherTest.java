package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.BucketNotFoundException;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.testing.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

class SitePublisherTest {

    @TempDir Path site;

    @TempDir Path target;

    private final LocalS3 localS3 = LocalS3.get();
    private ObjectStore s3;
    private S3Client checker;
    private String bucket;
    private String memoryBucket;
    private final List<String> logged = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        s3 = localS3.clients().objectStore();
        checker = localS3.checker();
        bucket = localS3.newBucket("site");
        memoryBucket = localS3.newBucket("memory");
        write("index.html", "<!doctype html><title>twin</title>");
        write("app.3f9a1c2b.js", "console.log('hi')");
        write("styles.css", "body{}");
        write("img/avatar.png", "\u0089PNG fake");
        write("config.json", "{\"apiUrl\":\"/api\"}");
    }

    @AfterEach
    void tearDown() {
        checker.close();
    }

    @Test
    void publish_uploadsEverything_withTypesCacheControlAndHashMetadata() throws Exception {
        // When
        PublishResult result = publisher(config()).publish();

        // Then every file is there, checked with an independent client
        assertThat(result.puts()).isEqualTo(5);
        assertThat(keys())
                .containsExactlyInAnyOrder(
                        "index.html",
                        "app.3f9a1c2b.js",
                        "styles.css",
                        "img/avatar.png",
                        "config.json");
        HeadObjectResponse html = head("index.html");
        assertThat(contentType("index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(html.cacheControl()).isEqualTo("no-cache");
        assertThat(html.metadata())
                .containsEntry("twin-sha256", Hashing.sha256(site.resolve("index.html")));
        assertThat(head("app.3f9a1c2b.js").cacheControl())
                .isEqualTo("public, max-age=31536000, immutable");
        assertThat(contentType("app.3f9a1c2b.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(head("styles.css").cacheControl()).isEqualTo("public, max-age=300");
        assertThat(head("config.json").cacheControl()).isEqualTo("no-cache");
        assertThat(head("img/avatar.png").contentType()).isEqualTo("image/png");
        assertThat(checker.getObjectAsBytes(b -> b.bucket(bucket).key("styles.css")).asUtf8String())
                .isEqualTo("body{}");
    }

    @Test
    void publish_skipsUnchangedFiles_andMakesNoPutsOnANoOpRepublish() {
        // Given a published site
        publisher(config()).publish();

        // When publishing again without changes
        PublishResult again = publisher(config()).publish();

        // Then
        assertThat(again.puts()).isZero();
        assertThat(again.deletes()).isZero();
        assertThat(again.plan().unchanged()).hasSize(5);
    }

    @Test
    void publish_noOpRepublish_usesTheManifest_insteadOfAHeadPerFile() {
        // Given a published site (which wrote the manifest into the private bucket, encrypted)
        publisher(config()).publish();
        String manifestKey = PublishManifest.keyFor(bucket, "");
        assertThat(checker.listObjectsV2(b -> b.bucket(memoryBucket)).contents())
                .extracting(S3Object::key)
                .containsExactly(manifestKey);
        assertThat(checker.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(S3Object::key)
                .noneMatch(k -> k.contains("manifest"));

        // When publishing again without changes
        PublishResult again = publisher(config()).publish();

        // Then the manifest answered for every file and was not rewritten
        assertThat(again.heads()).isZero();
        assertThat(again.puts()).isZero();
    }

    @Test
    void publish_checksTheObject_whenItWasOverwrittenBehindTheManifest() {
        // Given a published site, then styles.css overwritten by another tool with different bytes
        // of the same size
        publisher(config()).publish();
        checker.putObject(
                b -> b.bucket(bucket).key("styles.css"), RequestBody.fromString("xxxxxx"));

        // When
        PublishResult result = publisher(config()).publish();

        // Then the new ETag made the manifest entry stale, and the file is uploaded again
        assertThat(result.plan().uploads())
                .extracting(PublishPlan.Upload::objectKey)
                .containsExactly("styles.css");
        assertThat(checker.getObjectAsBytes(b -> b.bucket(bucket).key("styles.css")).asUtf8String())
                .isEqualTo("body{}");
    }

    @Test
    void publish_uploadsOnlyChangedFiles_comparingHashesNotEtags() throws Exception {
        // Given a published site, then one file edited with the same size and one added
        publisher(config()).publish();
        write("styles.css", "body[]");
        write("new.txt", "new");

        // When
        PublishResult result = publisher(config()).publish();

        // Then
        assertThat(result.plan().uploads())
                .extracting(PublishPlan.Upload::objectKey)
                .containsExactlyInAnyOrder("styles.css", "new.txt");
        assertThat(checker.getObjectAsBytes(b -> b.bucket(bucket).key("styles.css")).asUtf8String())
                .isEqualTo("body[]");
    }

    @Test
    void publish_aFileChangedAfterTheScan_isRefusedByS3_andTheNextPublishHealsIt()
            throws Exception {
        // Given a store that rewrites styles.css (same size) just before its bytes go out, as an
        // editor saving during the upload would
        Path styles = site.resolve("styles.css");
        ObjectStore racing =
                new ForwardingStore(s3) {
                    @Override
                    public String put(
                            String b, String key, Path file, PutHeaders headers, String sha256Hex) {
                        if (key.equals("styles.css")) {
                            try {
                                Files.writeString(styles, "body[]");
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        return super.put(b, key, file, headers, sha256Hex);
                    }
                };

        // When
        assertThatThrownBy(
                        () -> new SitePublisher(racing, config(), TwinLog.into(logged)).publish())
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("styles.css")
                .hasMessageContaining("changed during the upload");

        // Then nothing mismatched was stored, and the next publish uploads the real bytes
        assertThat(keys()).doesNotContain("styles.css");
        publisher(config()).publish();
        assertThat(checker.getObjectAsBytes(b -> b.bucket(bucket).key("styles.css")).asUtf8String())
                .isEqualTo("body[]");
        assertThat(head("styles.css").metadata())
                .containsEntry("twin-sha256", Hashing.sha256(styles));
    }

    @Test
    void publish_reuploads_whenTheRemoteObjectHasNoHashMetadata() {
        // Given an object put by another tool, same bytes but no hash metadata
        checker.putObject(
                b -> b.bucket(bucket).key("styles.css"), RequestBody.fromString("body{}"));

        // When
        PublishResult result = publisher(config()).publish();

        // Then it is uploaded again, so its headers become right
        assertThat(result.plan().uploads())
                .extracting(PublishPlan.Upload::objectKey)
                .contains("styles.css");
        assertThat(head("styles.css").cacheControl()).isEqualTo("public, max-age=300");
    }

    @Test
    void publish_deletesStaleFiles_onlyUnderSitePrefix() throws Exception {
        // Given the bucket holds the site under site/ and other data beside it
        checker.putObject(b -> b.bucket(bucket).key("site/old.js"), RequestBody.fromString("old"));
        checker.putObject(
                b -> b.bucket(bucket).key("site-backup/keep.js"), RequestBody.fromString("keep"));
        checker.putObject(
                b -> b.bucket(bucket).key("other/keep.txt"), RequestBody.fromString("keep"));

        // When
        PublishResult result = publisher(config().withPrefix("site")).publish();

        // Then
        assertThat(result.deletes()).isEqualTo(1);
        assertThat(keys())
                .contains("site/index.html", "site-backup/keep.js", "other/keep.txt")
                .doesNotContain("site/old.js");
    }

    @Test
    void publish_withDryRun_changesNothing_andPrintsThePlan() {
        // Given a stale object
        checker.putObject(b -> b.bucket(bucket).key("old.js"), RequestBody.fromString("old"));
        Path lastPublish = target.resolve("last-publish.json");

        // When
        PublishResult result =
                publisher(config().withDryRun(true).withLastPublishFile(lastPublish)).publish();

        // Then
        assertThat(result.dryRun()).isTrue();
        assertThat(result.plan().uploads()).hasSize(5);
        assertThat(result.plan().deletes()).containsExactly("old.js");
        assertThat(keys()).containsExactly("old.js");
        assertThat(lastPublish).doesNotExist();
        assertThat(logged)
                .anyMatch(l -> l.contains("would upload index.html"))
                .anyMatch(l -> l.contains("would delete old.js"));
    }

    @Test
    void publish_recordsChangedPaths_forInvalidation() throws Exception {
        // Given a published site, then index.html changed and styles.css removed
        Path lastPublish = target.resolve("twin/dev/last-publish.json");
        publisher(config().withLastPublishFile(lastPublish)).publish();
        write("index.html", "<!doctype html><title>twin v2</title>");
        Files.delete(site.resolve("styles.css"));

        // When
        publisher(config().withLastPublishFile(lastPublish)).publish();

        // Then
        LastPublish last = LastPublish.read(lastPublish).orElseThrow();
        assertThat(last.changedPaths()).containsExactly("/", "/index.html", "/styles.css");
        assertThat(last.bucket()).isEqualTo(bucket);
    }

    @Test
    void publish_reportsProgress_inFilesAndBytes() {
        publisher(config()).publish();

        assertThat(logged).anyMatch(l -> l.matches("Uploaded 5/5 files, .* B/.* B"));
        assertThat(logged).anyMatch(l -> l.startsWith("Published 5 files"));
    }

    @Test
    void publish_refusesASymlinkLoop_withThePath() throws Exception {
        // Given a link pointing to its own parent
        Files.createDirectories(site.resolve("assets"));
        Files.createSymbolicLink(site.resolve("assets/loop"), site);

        assertThatThrownBy(() -> publisher(config()).publish())
                .isInstanceOf(SymlinkLoopException.class)
                .hasMessageContaining("assets/loop")
                .hasMessageContaining("Symbolic link loop");
        assertThat(keys()).isEmpty();
    }

    @Test
    void publish_followsLinksThatAreNotLoops() throws Exception {
        Path shared = Files.createDirectories(target.resolve("shared"));
        Files.writeString(shared.resolve("font.woff2"), "font");
        Files.createSymbolicLink(site.resolve("fonts"), shared);

        publisher(config()).publish();

        assertThat(head("fonts/font.woff2").contentType()).isEqualTo("font/woff2");
    }

    @Test
    void publish_namesTheBucket_whenItDoesNotExist() {
        assertThatThrownBy(() -> publisher(PublishConfig.of(site, "no-such-bucket-4711")).publish())
                .isInstanceOf(BucketNotFoundException.class)
                .hasMessageContaining("no-such-bucket-4711");
    }

    @Test
    void publish_namesTheDirectory_whenItDoesNotExist() {
        Path missing = site.resolve("dist");
        assertThatThrownBy(() -> publisher(PublishConfig.of(missing, bucket)).publish())
                .isInstanceOf(SiteDirNotFoundException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("-Dtwin.siteDir");
    }

    @Test
    void publish_deletesTheOldPublicManifest_fromTheSiteBucket() {
        // Given a site published by an older version, with its manifest beside the site (served to
        // anyone)
        publisher(config()).publish();
        checker.putObject(
                b -> b.bucket(bucket).key(PublishManifest.LEGACY_NAME),
                RequestBody.fromString("{}"));

        // When
        PublishResult result = publisher(config()).publish();

        // Then it is gone, and nothing else was touched
        assertThat(result.plan().deletes()).containsExactly(PublishManifest.LEGACY_NAME);
        assertThat(result.puts()).isZero();
        assertThat(checker.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(S3Object::key)
                .doesNotContain(PublishManifest.LEGACY_NAME)
                .hasSize(5);
    }

    @Test
    void publish_signsKeysWithBlanksPlusPercentAndUnicode_andReadsThemBack() throws Exception {
        // Given file names that request path encoding and listing decoding must both get right
        List<String> odd =
                List.of(
                        "a b/c d.html",
                        "plus+sign.css",
                        "100%25 done.txt",
                        "ünï cödé/日本.js",
                        "semi;colon=eq&amp.json",
                        "tilde~star*(1).svg",
                        "quote's \"q\".txt");
        for (String key : odd) {
            write(key, "content of " + key);
        }

        // When published, then published again
        PublishResult first = publisher(config().withPrefix("p q+r")).publish();
        PublishResult again = publisher(config().withPrefix("p q+r")).publish();

        // Then every key is in the bucket as named, with its hash, and the second run changes
        // nothing
        assertThat(first.puts()).isEqualTo(5 + odd.size());
        for (String key : odd) {
            assertThat(
                            checker.getObjectAsBytes(b -> b.bucket(bucket).key("p q+r/" + key))
                                    .asUtf8String())
                    .isEqualTo("content of " + key);
            assertThat(head("p q+r/" + key).metadata())
                    .containsEntry("twin-sha256", Hashing.sha256(site.resolve(key)));
        }
        assertThat(again.puts()).isZero();
        assertThat(again.heads()).isZero();
        assertThat(again.plan().unchanged()).hasSize(5 + odd.size());

        // And deleting them locally deletes them remotely (DeleteObjects with the same keys)
        for (String key : odd) {
            Files.delete(site.resolve(key));
        }
        PublishResult third = publisher(config().withPrefix("p q+r")).publish();
        assertThat(third.deletes()).isEqualTo(odd.size());
        assertThat(keys()).hasSize(5).allMatch(k -> k.startsWith("p q+r/"));
    }

    @Test
    void publish_withWrongCredentials_namesTheBucketAndTheError() {
        ObjectStore wrong =
                new AwsClients(
                                AwsSettings.of(
                                        "us-east-1",
                                        null,
                                        Map.of(AwsService.S3, localS3.endpoint().toString())),
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                LocalS3.ACCESS_KEY, "not-the-secret")))
                        .objectStore();

        assertThatThrownBy(() -> new SitePublisher(wrong, config(), TwinLog.silent()).publish())
                .isInstanceOf(AwsRequestFailedException.class)
                .hasMessageContaining("s3://" + bucket)
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void bytes_printsOneDecimalWithAPoint_whateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(SitePublisher.bytes(1023)).isEqualTo("1023 B");
            assertThat(SitePublisher.bytes(1536)).isEqualTo("1.5 KB");
            assertThat(SitePublisher.bytes(13_421_773)).isEqualTo("12.8 MB");
            assertThat(SitePublisher.bytes(1024 * 1024 - 1)).isEqualTo("1024.0 KB");
        } finally {
            Locale.setDefault(before);
        }
    }

    /** Passes every call to {@code delegate}; tests override one call. */
    private static class ForwardingStore implements ObjectStore {
        private final ObjectStore delegate;

        ForwardingStore(ObjectStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Listed> list(String b, String prefix) {
            return delegate.list(b, prefix);
        }

        @Override
        public Optional<byte[]> get(String b, String key) {
            return delegate.get(b, key);
        }

        @Override
        public Optional<Map<String, String>> headMetadata(String b, String key) {
            return delegate.headMetadata(b, key);
        }

        @Override
        public String put(String b, String key, Path file, PutHeaders headers, String sha256Hex) {
            return delegate.put(b, key, file, headers, sha256Hex);
        }

        @Override
        public String put(String b, String key, byte[] body, PutHeaders headers) {
            return delegate.put(b, key, body, headers);
        }

        @Override
        public void delete(String b, List<String> keys) {
            delegate.delete(b, keys);
        }
    }

    private PublishConfig config() {
        return PublishConfig.of(site, bucket).withManifestBucket(memoryBucket);
    }

    private SitePublisher publisher(PublishConfig config) {
        return new SitePublisher(s3, config, TwinLog.into(logged));
    }

    private HeadObjectResponse head(String key) {
        return checker.headObject(b -> b.bucket(bucket).key(key));
    }

    /**
     * s3proxy's Jetty drops the blank after ';' in Content-Type; S3 keeps it. Both mean the same.
     */
    private String contentType(String key) {
        return head(key).contentType().replace(";charset", "; charset");
    }

    /** The bucket's keys, without the publish manifest. */
    private List<String> keys() {
        return checker.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private void write(String key, String content) throws Exception {
        Path file = site.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
