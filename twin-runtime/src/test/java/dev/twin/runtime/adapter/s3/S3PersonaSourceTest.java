package dev.twin.runtime.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.port.MutableClock;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaSourceContract;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 persona source against s3proxy on loopback; requests counted through {@link S3Gate}. */
class S3PersonaSourceTest extends PersonaSourceContract {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static S3ProxyServer s3proxy;
    private static S3Gate gate;
    private static S3Client viaGate;
    private static S3Client direct;

    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3ProxyServer.shared();
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

    @BeforeEach
    void newBucket() {
        bucket = "persona-" + BUCKETS.incrementAndGet();
        direct.createBucket(b -> b.bucket(bucket));
        gate.reset();
    }

    @Override
    protected PersonaSource newSource(Clock clock, Duration revalidateEvery) {
        return new S3PersonaSource(viaGate, bucket, "persona/", revalidateEvery, clock);
    }

    @Override
    protected void writeFile(String name, String content) {
        direct.putObject(
                r -> r.bucket(bucket).key("persona/" + name),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Override
    protected void deleteFile(String name) {
        direct.deleteObject(r -> r.bucket(bucket).key("persona/" + name));
    }

    private long requestsToBucket() {
        return gate.requests(r -> r.contains("/" + bucket)).size();
    }

    @Test
    void current_betweenRevalidations_makesNoRequest_andOneListWhenDue() {
        // Given: a loaded persona
        writeFile("me.txt", "I am Ana.");
        writeFile("summary.txt", "Engineer.");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        source.current();
        assertThat(gate.requests(r -> r.contains("/" + bucket))).hasSize(3); // 1 list + 2 gets

        // When: many warm turns inside the interval
        gate.reset();
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(500));
            source.current();
        }

        // Then: not one request; and when due, exactly one listing and no GET for unchanged files
        assertThat(requestsToBucket()).isZero();
        clock.advance(INTERVAL);
        source.current();
        assertThat(gate.requests(r -> r.contains("/" + bucket)))
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r)
                                        .startsWith("GET /" + bucket + "?")
                                        .contains("list-type=2"));
    }

    @Test
    void current_afterAnEdit_fetchesOnlyTheChangedFile() {
        writeFile("me.txt", "I am Ana.");
        writeFile("summary.txt", "Engineer.");
        writeFile("style.txt", "Dry.");
        MutableClock clock = new MutableClock();
        PersonaSource source = newSource(clock, INTERVAL);
        source.current();

        writeFile("style.txt", "Warm and brief.");
        gate.reset();
        clock.advance(INTERVAL.plusSeconds(1));
        Persona now = source.current();

        assertThat(now.files())
                .containsEntry("style.txt", "Warm and brief.")
                .containsEntry("me.txt", "I am Ana.");
        assertThat(gate.requests(r -> r.contains("/" + bucket)))
                .hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("list-type=2"))
                .anySatisfy(r -> assertThat(r).isEqualTo("GET /" + bucket + "/persona/style.txt"));
    }

    @Test
    void current_whenS3FailsDuringRevalidation_keepsServingTheCachedPersona() throws Exception {
        // Given: a persona cached through a client pointing at a gate we then close
        writeFile("me.txt", "I am Ana.");
        MutableClock clock = new MutableClock();
        S3Gate doomed = new S3Gate(s3proxy.port());
        S3Client client =
                S3Clients.build(
                        doomed.endpoint(), S3ProxyServer.CREDENTIALS, Duration.ofMillis(500));
        PersonaSource source = new S3PersonaSource(client, bucket, "persona/", INTERVAL, clock);
        Persona first = source.current();

        // When: S3 becomes unreachable and the interval passes
        doomed.close();
        clock.advance(INTERVAL.plusSeconds(1));

        // Then
        assertThat(source.current()).isSameAs(first);
        client.close();
    }

    @Test
    void current_ignoresFilesInSubFolders_andOtherPrefixes() {
        writeFile("me.txt", "I am Ana.");
        writeFile("drafts/old.txt", "draft");
        direct.putObject(
                r -> r.bucket(bucket).key("conversations/x.json"), RequestBody.fromString("{}"));

        assertThat(newSource(new MutableClock(), INTERVAL).current().files())
                .containsOnlyKeys("me.txt");
    }

    @Test
    void prefix_withoutSlash_meansTheFolder() {
        writeFile("me.txt", "I am Ana.");

        PersonaSource source =
                new S3PersonaSource(viaGate, bucket, "persona", INTERVAL, new MutableClock());

        assertThat(source.current().me()).isEqualTo("I am Ana.");
        assertThat(source.describe()).isEqualTo("s3://" + bucket + "/persona/");
    }
}
