package dev.twin.maven.testing;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One in-process s3proxy (in memory) on a loopback ephemeral port, shared by the tests of this JVM.
 */
public final class LocalS3 {

    public static final String ACCESS_KEY = "local-test-access";
    public static final String SECRET_KEY = "local-test-secret";

    private static LocalS3 instance;

    private final S3Proxy proxy;
    private final URI endpoint;

    private LocalS3() throws Exception {
        proxy =
                S3Proxy.builder()
                        .blobStore(new TransientNio2BlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        // session credentials (SSO, assume-role) send x-amz-security-token
                        .ignoreUnknownHeaders(true)
                        .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(5);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        proxy.stop();
                                    } catch (Exception ignored) {
                                        // the JVM is going away anyway
                                    }
                                }));
    }

    public static synchronized LocalS3 get() {
        if (instance == null) {
            try {
                instance = new LocalS3();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not start", e);
            }
        }
        return instance;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients of the code under test, pointed at this s3proxy the way users point the goals. */
    public AwsClients clients() {
        return new AwsClients(
                AwsSettings.of("us-east-1", null, Map.of(AwsService.S3, endpoint.toString())),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** An independent client, built here, for checking what the code under test wrote. */
    public S3Client checker() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates a fresh bucket with a unique name. */
    public String newBucket(String prefix) {
        String bucket = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = checker()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }
}
