package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.port.LeadStore;
import dev.twin.runtime.port.LeadStoreContract;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 lead store against s3proxy on loopback. */
class S3LeadStoreTest extends LeadStoreContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3Client s3;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.shared().patientClient();
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Override
    protected LeadStore newStore() {
        bucket = "leads-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3LeadStore(s3, bucket);
    }

    @Override
    protected Map<String, byte[]> stored(String prefix) {
        Map<String, byte[]> out = new TreeMap<>();
        for (S3Object o :
                s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            out.put(o.key(), s3.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray());
        }
        return out;
    }
}
