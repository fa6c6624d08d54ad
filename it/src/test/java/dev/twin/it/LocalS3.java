package dev.twin.it;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process s3proxy (in memory) on a loopback ephemeral port, with a store that counts what
 * reaches it.
 */
final class LocalS3 implements AutoCloseable {

    /** Test-only credentials of the local stand-in; they open nothing anywhere else. */
    static final String ACCESS_KEY = "e2e-local-access";

    static final String SECRET_KEY = "e2e-local-secret";

    private final S3Proxy proxy;
    private final CountingBlobStore store;
    private final URI endpoint;
    private final S3Client checker;

    private LocalS3(S3Proxy proxy, CountingBlobStore store) {
        this.proxy = proxy;
        this.store = store;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.checker =
                S3Client.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .build();
    }

    static LocalS3 start() throws Exception {
        CountingBlobStore store = new CountingBlobStore(new TransientNio2BlobStore());
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(store)
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "s3proxy did not start within 30 s (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
        return new LocalS3(proxy, store);
    }

    URI endpoint() {
        return endpoint;
    }

    CountingBlobStore store() {
        return store;
    }

    /** An independent client, built here, for seeding and checking the buckets. */
    S3Client client() {
        return checker;
    }

    void createBucket(String bucket) {
        checker.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, String content) {
        checker.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    @Override
    public void close() throws Exception {
        checker.close();
        proxy.stop();
    }
}
