package dev.twin.runtime.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.port.BudgetStore;
import dev.twin.runtime.port.BudgetStoreContract;
import dev.twin.runtime.port.StoreUnavailableException;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The S3 budget store against s3proxy on loopback, through {@link S3Gate} (s3proxy's conditional
 * PUT made atomic, as S3's is).
 */
class S3BudgetStoreTest extends BudgetStoreContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3Gate gate;
    private static S3Client viaGate;
    private static S3Client direct;

    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        gate = new S3Gate(s3proxy.port());
        viaGate =
                S3Clients.build(gate.endpoint(), S3ProxyServer.CREDENTIALS, S3ProxyServer.PATIENT);
        direct = s3proxy.patientClient();
    }

    @AfterAll
    static void stopGate() throws Exception {
        viaGate.close();
        direct.close();
        gate.close();
    }

    @Override
    protected BudgetStore newStore() {
        bucket = "budget-" + BUCKETS.incrementAndGet();
        direct.createBucket(b -> b.bucket(bucket));
        return new S3BudgetStore(viaGate, bucket);
    }

    @Override
    protected BudgetStore sameStorage() {
        return new S3BudgetStore(viaGate, bucket);
    }

    @Override
    protected byte[] storedBytes(LocalDate day) {
        try {
            return direct.getObjectAsBytes(r -> r.bucket(bucket).key("budget/" + day + ".json"))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    @Override
    protected void writeStoredBytes(LocalDate day, byte[] bytes) {
        direct.putObject(
                r -> r.bucket(bucket).key("budget/" + day + ".json"), RequestBody.fromBytes(bytes));
    }

    @Test
    void find_missingBucket_isStoreUnavailable_namingTheBucket() {
        S3BudgetStore missing = new S3BudgetStore(viaGate, "no-such-budget-bucket");

        assertThatThrownBy(() -> missing.find(DAY))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("no-such-budget-bucket");
    }

    @Test
    void describe_namesBucketAndPrefix() {
        assertThat(store.describe()).isEqualTo("s3://" + bucket + "/budget/");
    }
}
