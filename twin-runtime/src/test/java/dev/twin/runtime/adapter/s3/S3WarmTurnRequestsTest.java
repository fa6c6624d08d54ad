package dev.twin.runtime.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.Wiring;
import dev.twin.runtime.port.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a chat turn costs in S3 requests, counted where they reach s3proxy ({@link S3Gate}): the
 * issue's budget is exactly one GET and one PUT of the conversation, and no persona request between
 * revalidations.
 */
class S3WarmTurnRequestsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static S3Gate gate;
    private static S3Client viaGate;
    private static S3Client direct;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        gate = new S3Gate(s3proxy.port());
        viaGate =
                S3Clients.build(gate.endpoint(), S3ProxyServer.CREDENTIALS, S3ProxyServer.PATIENT);
        direct = s3proxy.patientClient();
    }

    @AfterAll
    static void stop() throws Exception {
        viaGate.close();
        direct.close();
        gate.close();
    }

    @Test
    void warmTurn_isOneGetAndOnePutOfTheConversation_andNoPersonaRequest_untilRevalidation() {
        // Given: a twin whose persona is loaded, and a conversation that exists
        String bucket = "turns";
        WarmTurns.seedBucket(direct, bucket);
        MutableClock clock = new MutableClock();
        Wiring twin =
                WarmTurns.wiring(
                        viaGate,
                        bucket,
                        new S3PersonaSource(viaGate, bucket, "persona/", INTERVAL, clock));
        String session = WarmTurns.sessionOf(WarmTurns.turn(twin, null, "hello"));
        String key = "/" + bucket + "/conversations/" + session + ".json";

        // When: 20 warm turns within one revalidation interval
        gate.reset();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(WarmTurns.turn(twin, session, "question " + i).status()).isEqualTo(200);
        }

        // Then: per turn exactly one GET and one PUT of the conversation; nothing else at all
        List<String> seen = gate.requests();
        assertThat(seen).hasSize(40);
        assertThat(seen).filteredOn(r -> r.equals("GET " + key)).hasSize(20);
        assertThat(seen).filteredOn(r -> r.equals("PUT " + key)).hasSize(20);

        // And when the interval has passed: one listing of persona/ joins the turn, no persona GET
        // (unchanged)
        gate.reset();
        clock.advance(INTERVAL);
        assertThat(WarmTurns.turn(twin, session, "one more").status()).isEqualTo(200);
        assertThat(gate.requests())
                .containsExactlyInAnyOrder(
                        "GET " + key,
                        "PUT " + key,
                        "GET /" + bucket + "?list-type=2&delimiter=%2F&prefix=persona%2F");
    }

    @Test
    void firstTurnOfANewConversation_isOnePutOnly() {
        String bucket = "new-turns";
        WarmTurns.seedBucket(direct, bucket);
        MutableClock clock = new MutableClock();
        Wiring twin =
                WarmTurns.wiring(
                        viaGate,
                        bucket,
                        new S3PersonaSource(viaGate, bucket, "persona/", INTERVAL, clock));
        WarmTurns.turn(twin, null, "warm the persona cache");

        gate.reset();
        String session = WarmTurns.sessionOf(WarmTurns.turn(twin, null, "hello, new tab"));

        assertThat(gate.requests())
                .containsExactly("PUT /" + bucket + "/conversations/" + session + ".json");
    }
}
