package dev.twin.maven.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.maven.core.TwinLog;
import dev.twin.maven.testing.LocalS3;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Emptying a bucket that keeps receiving objects, as the access-log bucket does while S3 and
 * CloudFront deliver late logs during a destroy, against s3proxy.
 */
class BucketEmptierTest {

    private final LocalS3 localS3 = LocalS3.get();
    private S3Client s3;
    private String bucket;
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean delivering = new AtomicBoolean(true);
    private Thread deliveries;

    @BeforeEach
    void setUp() {
        s3 = localS3.checker();
        bucket = localS3.newBucket("logs");
    }

    @AfterEach
    void tearDown() throws Exception {
        delivering.set(false);
        if (deliveries != null) {
            deliveries.join(5_000);
        }
        s3.close();
    }

    @Test
    void emptyUntilQuiet_emptiesAgainWhileLogsArrive_andEndsWithAnEmptyBucket() throws Exception {
        // Given log deliveries that go on for about 1.5 s after emptying starts
        AtomicInteger delivered = deliverEvery(Duration.ofMillis(100), Duration.ofMillis(1500));

        // When
        boolean quiet =
                new BucketEmptier(s3, TwinLog.into(logged), Duration.ofMillis(600), 10)
                        .emptyUntilQuiet(bucket);

        // Then it took more than one round, and nothing is left
        assertThat(quiet).isTrue();
        assertThat(delivered.get()).isGreaterThan(3);
        assertThat(logged).anyMatch(l -> l.contains("emptying again"));
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).isEmpty();
    }

    @Test
    void emptyUntilQuiet_givesUpAfterItsRounds_whenObjectsNeverStop() {
        // Given deliveries that outlast every round, already under way
        AtomicInteger delivered = deliverEvery(Duration.ZERO, Duration.ofSeconds(60));
        while (delivered.get() < 2) {
            Thread.onSpinWait();
        }
        long start = System.nanoTime();

        // When
        boolean quiet =
                new BucketEmptier(s3, TwinLog.into(logged), Duration.ofSeconds(1), 3)
                        .emptyUntilQuiet(bucket);

        // Then it stops, bounded, and says so (the destroy then retries on the CLI's answer)
        assertThat(quiet).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(logged).anyMatch(l -> l.contains("still receiving objects after 3 rounds"));
    }

    @Test
    void emptyUntilQuiet_onAnEmptyBucket_isOneRound() {
        boolean quiet =
                new BucketEmptier(s3, TwinLog.into(logged), Duration.ofMillis(50), 3)
                        .emptyUntilQuiet(bucket);

        assertThat(quiet).isTrue();
        assertThat(logged).noneMatch(l -> l.contains("emptying again"));
    }

    /** Puts one log object per {@code every} for {@code during}, on a background thread. */
    private AtomicInteger deliverEvery(Duration every, Duration during) {
        AtomicInteger count = new AtomicInteger();
        long end = System.nanoTime() + during.toNanos();
        deliveries =
                new Thread(
                        () -> {
                            try (S3Client writer = localS3.checker()) {
                                while (delivering.get() && System.nanoTime() < end) {
                                    int n = count.incrementAndGet();
                                    writer.putObject(
                                            b ->
                                                    b.bucket(bucket)
                                                            .key("cloudfront/E2ANA." + n + ".gz"),
                                            RequestBody.fromString("log line " + n));
                                    if (!every.isZero()) {
                                        Thread.sleep(every.toMillis());
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "log-deliveries");
        deliveries.setDaemon(true);
        deliveries.start();
        return count;
    }
}
