package dev.twin.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.observe.Telemetry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small version of {@code bench/load.sh}: concurrent visitors against the local server, asserting
 * that every turn is answered and stored exactly once, in order. Timings are the benchmark's job.
 */
class LoadSmokeTest {

    private static final int SESSIONS = 10;
    private static final int TURNS = 5;

    @TempDir Path memory;

    @Test
    void concurrentSessions_onS3Store_answerEveryTurnAndLoseNone() throws Exception {
        // Given the local server over the S3 store on s3proxy (one writer per session: s3proxy's
        // non-atomic If-Match cannot matter here)
        try (TwinUnderLoad twin =
                TwinUnderLoad.start(
                        TwinUnderLoad.Store.S3,
                        memory,
                        S3ProxyServer.shared(),
                        Telemetry.discard())) {
            // When 10 visitors ask 5 questions each, all at once
            LoadGenerator.Result result =
                    new LoadGenerator(twin.uri()).run(SESSIONS, TURNS, "smoke-s3");

            // Then every turn is answered, and every conversation holds exactly what was said, in
            // order
            assertAllAnsweredAndStored(result);
        }
    }

    @Test
    void concurrentSessions_onLocalStore_answerEveryTurnAndLoseNone() throws Exception {
        // Given the local server over the local directory store
        try (TwinUnderLoad twin =
                TwinUnderLoad.start(TwinUnderLoad.Store.LOCAL, memory, null, Telemetry.discard())) {
            // When 10 visitors ask 5 questions each, all at once
            LoadGenerator.Result result =
                    new LoadGenerator(twin.uri()).run(SESSIONS, TURNS, "smoke-local");

            // Then every turn is answered, and every conversation holds exactly what was said, in
            // order
            assertAllAnsweredAndStored(result);
            assertThat(memory.resolve("conversations"))
                    .isDirectoryContaining(p -> p.toString().endsWith(".json"));
        }
    }

    private static void assertAllAnsweredAndStored(LoadGenerator.Result result) {
        assertThat(result.problems()).isEmpty();
        assertThat(result.errors()).isZero();
        assertThat(result.lostTurns()).isZero();
        assertThat(result.answered()).isEqualTo(SESSIONS * TURNS);
        assertThat(result.passed()).isTrue();
    }
}
