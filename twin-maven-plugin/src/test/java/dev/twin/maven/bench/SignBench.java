package dev.twin.maven.bench;

import dev.twin.maven.core.LeanS3;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark driver (not a test): the cold start of LeanS3's signed request path in a fresh JVM.
 * Each run is one process that makes a signed LIST of a 1,000-object bucket and a signed HEAD, and
 * prints {@code main-to-list-ms=<n> main-to-head-ms=<n>}; the caller times the whole process.
 * Usage: {@code SignBench setup <endpoint> <bucket>} (creates and fills the bucket with the SDK,
 * untimed), then {@code SignBench run <endpoint> <bucket>}; credentials from AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY.
 */
public final class SignBench {

    private SignBench() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        URI endpoint = URI.create(args[1]);
        String bucket = args[2];
        var credentials =
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(
                                System.getenv("AWS_ACCESS_KEY_ID"),
                                System.getenv("AWS_SECRET_ACCESS_KEY")));
        if ("setup".equals(args[0])) {
            try (S3Client s3 =
                    S3Client.builder()
                            .endpointOverride(endpoint)
                            .region(Region.US_EAST_1)
                            .forcePathStyle(true)
                            .credentialsProvider(credentials)
                            .build()) {
                s3.createBucket(b -> b.bucket(bucket));
                for (int i = 0; i < 1000; i++) {
                    String key = "site/section" + (i % 40) + "/file " + i + ".html";
                    s3.putObject(
                            b -> b.bucket(bucket).key(key),
                            RequestBody.fromString("<p>twin " + i + "</p>"));
                }
            }
            return;
        }
        LeanS3 s3 =
                new LeanS3(new LeanS3.Endpoint(Optional.of(endpoint), "us-east-1"), credentials);
        int listed = s3.list(bucket, "site/").size();
        long list = System.nanoTime();
        boolean found = s3.headMetadata(bucket, "site/section0/file 0.html").isPresent();
        long head = System.nanoTime();
        if (listed != 1000 || !found) {
            throw new IllegalStateException(
                    "expected 1000 objects and the HEAD to find one, got "
                            + listed
                            + " / "
                            + found);
        }
        System.out.println(
                "main-to-list-ms="
                        + (list - start) / 1_000_000
                        + " main-to-head-ms="
                        + (head - start) / 1_000_000);
    }
}
