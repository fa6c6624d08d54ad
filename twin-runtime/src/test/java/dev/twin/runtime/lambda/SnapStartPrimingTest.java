package dev.twin.runtime.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.s3.S3BudgetStore;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3PersonaSource;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.observe.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SnapStart priming runs the real adapters (S3 on s3proxy, the Bedrock adapter against its
 * loopback stand-in) and leaves no trace in the store: no conversation, no budget record.
 */
class SnapStartPrimingTest {

    @Test
    void primeAdapters_runsEveryStep_andWritesNothing() throws Exception {
        // Given a twin on S3 with a persona, and Bedrock configured
        S3Client s3 = S3ProxyServer.shared().patientClient();
        String bucket = "priming-" + System.nanoTime();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(
                b -> b.bucket(bucket).key("persona/me.txt"),
                RequestBody.fromString("I am Ana, a fictional test persona."));
        Settings settings =
                Settings.from(
                        Map.of(
                                "TWIN_MODEL_PROVIDER", "bedrock",
                                "TWIN_MODEL_ID", "amazon.nova-lite-v1:0"));
        BundledPersonaSource offlinePersona = new BundledPersonaSource();
        Wiring w =
                Wiring.of(
                        new OfflineChatModel(offlinePersona, "Ana"),
                        new S3ConversationStore(s3, bucket),
                        new S3PersonaSource(
                                s3, bucket, "persona/", Duration.ofSeconds(60), Clock.systemUTC()),
                        settings,
                        Telemetry.discard(),
                        new S3BudgetStore(s3, bucket));

        // When
        String summary = SnapStartPriming.primeAdapters(w);

        // Then every step ran, none failed
        assertThat(summary)
                .contains(
                        "persona",
                        "store",
                        "budget",
                        "budget-write",
                        "model",
                        "model-stream",
                        "classes")
                .doesNotContain("failed");
        // and the bucket holds only what was there: no conversation, no budget record
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(o -> o.key())
                .containsExactly("persona/me.txt");
    }

    @Test
    void primeAdapters_onAnOpenAiCompatibleModel_runsTheBufferedAndTheStreamedCall() {
        // Given an OpenAI-compatible model and a local persona, store and budget
        Settings settings =
                Settings.from(Map.of("TWIN_MODEL_PROVIDER", "openai", "TWIN_MODEL_ID", "gpt-x"));
        BundledPersonaSource persona = new BundledPersonaSource();
        Wiring w =
                Wiring.of(
                        new OfflineChatModel(persona, "Ana"),
                        new InMemoryConversationStore(),
                        persona,
                        settings,
                        Telemetry.discard());

        // When
        String summary = SnapStartPriming.primeAdapters(w);

        // Then both model calls reached the stand-in and read its "ok"
        assertThat(summary).contains("model ", "model-stream").doesNotContain("failed");
    }

    @Test
    void theClassList_isOnTheClasspath_andLoads() throws Exception {
        assertThat(SnapStartPriming.loadClassList()).isPositive();
    }
}
