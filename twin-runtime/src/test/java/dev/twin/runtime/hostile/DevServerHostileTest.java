package dev.twin.runtime.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.contract.testing.Seeds;
import dev.twin.runtime.local.DevServer;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input through the local server, over a raw socket: generated requests with hostile
 * bodies, paths (invalid UTF-8, encoded slashes, dot segments), methods, duplicated and missing
 * headers and broken body framing, interleaved with valid turns. Fixed seed ({@link #SEED}; {@code
 * -Dtwin.seed=<n>} for others).
 */
@ExtendWith(Seeds.class)
class DevServerHostileTest {

    static final int TRIES = 700;
    static final int MIN_REQUESTS = 500;
    static final long SEED = 20261125L;

    private static TwinUnderTest twin;
    private static DevServer server;
    private static RawHttp http;
    private static long startNanos;

    @BeforeAll
    static void startServer() throws Exception {
        twin = new TwinUnderTest();
        server = DevServer.start(twin.wiring, twin.site, 0);
        http = new RawHttp(server.port());
        // one stored conversation from the start: a generated read of a known one has a target
        Attack first =
                LambdaFrontHostileTest.valid(
                        "POST", "/api/chat", "{\"message\":\"What do you do for work?\"}");
        twin.checkValid(first, http.send("POST", RawHttp.request(first)));
        startNanos = System.nanoTime();
    }

    /**
     * {@value #TRIES} requests from the seed: the same ones every run unless {@code -Dtwin.seed}
     * says otherwise.
     */
    static Stream<Named<Attack>> attacks() {
        RandomGenerator random = Seeds.random(DevServerHostileTest.class, SEED);
        Gen<Attack> attacks = HostileInputs.socketAttacks();
        return Stream.generate(() -> attacks.next(random))
                .limit(TRIES)
                .map(a -> Named.of(a.kind() + " " + a.method(), a));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("attacks")
    void devServer_neverAnswers5xx_toGeneratedHostileRequests(Attack generated) throws Exception {
        // Given
        Attack attack = generated.resolve(twin.known(twin.requests.get()));

        // When
        Answer answer = http.send(attack.method(), RawHttp.request(attack));
        twin.count(attack, answer);

        // Then: an answer (only a request whose framing cannot be parsed may be dropped), and a
        // safe one
        if (answer == null) {
            assertThat(attack.length())
                    .as("connection closed without an answer to %s", attack)
                    .isIn(
                            Attack.Length.GARBAGE,
                            Attack.Length.NEGATIVE,
                            Attack.Length.CHUNKED_MALFORMED,
                            Attack.Length.CONFLICTING);
            return;
        }
        answer.assertSafe(attack.method(), attack, twin.secretPaths());
        if (attack.valid()) {
            twin.checkValid(attack, answer);
        }
    }

    @AfterAll
    static void afterTheBarrage_validTurnsStillWork_andEveryStoredConversationParses()
            throws Exception {
        try {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.println("[hostile] " + twin.summary("dev server", ms));
            assertThat(twin.requests.get())
                    .as("generated requests through the dev server")
                    .isGreaterThanOrEqualTo(MIN_REQUESTS);
            assertThat(twin.validTurns.get())
                    .as("valid turns among them")
                    .isGreaterThanOrEqualTo(50);

            Attack first =
                    LambdaFrontHostileTest.valid(
                            "POST", "/api/chat", "{\"message\":\"Where do you live?\"}");
            twin.checkValid(first, http.send("POST", RawHttp.request(first)));
            String id = twin.knownIds.get(twin.knownIds.size() - 1);
            Attack second =
                    LambdaFrontHostileTest.valid(
                            "POST",
                            "/chat",
                            "{\"message\":\"Do you bake?\",\"session_id\":\"" + id + "\"}");
            twin.checkValid(second, http.send("POST", RawHttp.request(second)));
            Answer read =
                    http.send(
                            "GET",
                            RawHttp.request(
                                    LambdaFrontHostileTest.valid(
                                            "GET", "/api/conversation/" + id, "")));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.bodyText()).contains("Do you bake?");

            twin.assertStoreIntact();
        } finally {
            server.close();
            twin.close();
        }
    }
}
