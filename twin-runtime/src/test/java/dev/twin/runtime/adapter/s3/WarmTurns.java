package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.Settings;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.PersonaSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test harness shared by the per-turn request count test and the warm-turn benchmark: the real
 * route table over the S3 store and S3 persona source, with a model that answers at once, so what
 * is measured or counted is the runtime's own work per turn, without the model.
 */
final class WarmTurns {

    /** Answers instantly: the turn's cost is then everything but the model. */
    static final ChatModel INSTANT_MODEL =
            new ChatModel() {
                @Override
                public ModelReply reply(ModelRequest request) {
                    return new ModelReply(
                            "I build bridges, mostly in Porto, and I like it.", 120, 12);
                }

                @Override
                public String describe() {
                    return "instant";
                }
            };

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private WarmTurns() {}

    /** Creates {@code bucket} with a small persona under {@code persona/}. */
    static void seedBucket(S3Client admin, String bucket) {
        admin.createBucket(b -> b.bucket(bucket));
        admin.putObject(
                r -> r.bucket(bucket).key("persona/me.txt"),
                RequestBody.fromString(
                        "I am Ana Ferreira, a civil engineer in Porto. I design footbridges and I teach on Fridays.",
                        StandardCharsets.UTF_8));
        admin.putObject(
                r -> r.bucket(bucket).key("persona/style.txt"),
                RequestBody.fromString("Warm, brief, first person.", StandardCharsets.UTF_8));
    }

    /**
     * The production route table over the given store and persona, logging into the void (lines
     * still built). The cost guard is off: these turns replay one conversation as fast as they can,
     * which is what it refuses.
     */
    static Wiring wiring(S3Client s3, String bucket, PersonaSource persona) {
        Settings settings = TestSettings.costGuardOff("Ana");
        return Wiring.of(
                INSTANT_MODEL,
                new S3ConversationStore(s3, bucket),
                persona,
                settings,
                new Telemetry("Ana", line -> {}));
    }

    /** One {@code POST /api/chat} as the fronts hand it to the routes. */
    static HttpResponse turn(Wiring w, String sessionId, String message) {
        String body =
                sessionId == null
                        ? "{\"message\":\"" + message + "\"}"
                        : "{\"message\":\"" + message + "\",\"session_id\":\"" + sessionId + "\"}";
        return w.routes()
                .handle(
                        new HttpRequest(
                                "POST",
                                "/api/chat",
                                Map.of(),
                                Map.of("content-type", "application/json"),
                                body.getBytes(StandardCharsets.UTF_8),
                                "bench-" + REQUEST_IDS.incrementAndGet()));
    }

    /** The session id of a {@code /chat} answer. */
    static String sessionOf(HttpResponse r) {
        String text = r.bodyText();
        int i = text.indexOf("\"session_id\":\"");
        if (r.status() != 200 || i < 0) {
            throw new IllegalStateException("chat failed: " + r.status() + " " + text);
        }
        return text.substring(i + 14, i + 14 + 36);
    }
}
