package dev.twin.runtime.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.contract.testing.Seeds;
import dev.twin.runtime.adapter.s3.S3StandIn;
import dev.twin.runtime.lambda.TwinHandler;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input through the Lambda front: generated HTTP API v2 events (hostile bodies, paths,
 * methods and headers, and events that are themselves broken) interleaved with valid turns, against
 * a twin as deployed: the offline model, conversations and persona in a bucket (s3proxy on
 * loopback). Fixed seed ({@link #SEED}; {@code -Dtwin.seed=<n>} for others): the same requests
 * every run.
 */
@ExtendWith(Seeds.class)
class LambdaFrontHostileTest {

    static final int TRIES = 700;
    static final int MIN_REQUESTS = 500;
    static final long SEED = 20261125L;
    private static final String SITE = "https://d111111abcdef8.cloudfront.net";

    private static S3StandIn s3;
    private static TwinUnderTest twin;
    private static LambdaFront front;
    private static long startNanos;

    @BeforeAll
    static void startTwin() throws Exception {
        s3 = S3StandIn.start();
        twin = new TwinUnderTest(s3);
        front = new LambdaFront(new TwinHandler(twin.wiring.routes(), SITE));
        // one stored conversation from the start: a generated read of a known one has a target
        Attack first = valid("POST", "/api/chat", "{\"message\":\"What do you do for work?\"}");
        twin.checkValid(first, front.send(first));
        startNanos = System.nanoTime();
    }

    /**
     * {@value #TRIES} requests from the seed: the same ones every run unless {@code -Dtwin.seed}
     * says otherwise.
     */
    static Stream<Named<Attack>> attacks() {
        RandomGenerator random = Seeds.random(LambdaFrontHostileTest.class, SEED);
        Gen<Attack> attacks = HostileInputs.lambdaAttacks();
        return Stream.generate(() -> attacks.next(random))
                .limit(TRIES)
                .map(a -> Named.of(a.kind() + " " + a.method(), a));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("attacks")
    void lambdaFront_neverAnswers5xx_toGeneratedHostileRequests(Attack generated) throws Exception {
        // Given: a generated request, aimed at a stored conversation where it names one
        Attack attack = generated.resolve(twin.known(twin.requests.get()));

        // When
        Answer answer = front.send(attack);
        twin.count(attack, answer);

        // Then
        // an event that carries no HTTP request has no method whose rules (HEAD: no body) could
        // apply
        String method = attack.event().carriesRequest() ? attack.method() : "(no request)";
        answer.assertSafe(method, attack, twin.secretPaths());
        if (!attack.event().carriesRequest()) {
            assertThat(answer.errorCode()).as("answer to %s", attack).isEqualTo("invalid_event");
        }
        assertThat(answer.header("access-control-allow-origin"))
                .as("CORS for %s", attack)
                .isIn(null, SITE);
        if (attack.valid()) {
            twin.checkValid(attack, answer);
        }
    }

    @AfterAll
    static void afterTheBarrage_validTurnsStillWork_andEveryStoredConversationParses()
            throws Exception {
        try {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.println(
                    "[hostile] " + twin.summary("lambda front (S3 store on s3proxy)", ms));
            assertThat(twin.requests.get())
                    .as("generated requests through the Lambda front")
                    .isGreaterThanOrEqualTo(MIN_REQUESTS);
            assertThat(twin.validTurns.get())
                    .as("valid turns among them")
                    .isGreaterThanOrEqualTo(50);

            // a new conversation and a follow-up still work after the barrage
            Attack first = valid("POST", "/api/chat", "{\"message\":\"Where do you live?\"}");
            Answer a1 = front.send(first);
            twin.checkValid(first, a1);
            String id = twin.knownIds.get(twin.knownIds.size() - 1);
            Attack second =
                    valid(
                            "POST",
                            "/api/chat",
                            "{\"message\":\"Do you bake?\",\"session_id\":\"" + id + "\"}");
            twin.checkValid(second, front.send(second));
            Answer read = front.send(valid("GET", "/api/conversation/" + id, ""));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.bodyText()).contains("\"role\":\"assistant\"").contains("Do you bake?");

            twin.assertStoreIntact();
        } finally {
            twin.close();
            s3.close();
        }
    }

    static Attack valid(String method, String path, String body) {
        return new Attack(
                "valid",
                true,
                method,
                path.getBytes(UTF_8),
                method.equals("POST")
                        ? List.of(Attack.Header.of("content-type", "application/json"))
                        : List.of(),
                body.getBytes(UTF_8),
                Attack.Length.CORRECT,
                Attack.EventShape.WELL_FORMED);
    }
}
