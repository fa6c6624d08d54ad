package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    @Test
    void run_stoppedAfterMaxRun_keepsWhatTheChildPrintsWhileItStops() {
        // Given a child that takes a moment to stop and says so (as a JVM writing its class-data
        // archive at exit does)
        List<String> logged = new ArrayList<>();
        List<String> command =
                List.of(
                        "sh",
                        "-c",
                        "trap 'sleep 0.5; echo stopped cleanly; exit 0' TERM; echo started;"
                                + " while true; do sleep 0.05; done");

        // When it runs past its limit
        Processes.Outcome outcome =
                Processes.run(
                        command, null, Map.of(), TwinLog.into(logged), Duration.ofMillis(700));

        // Then its last words are read, not lost to a closed pipe
        assertThat(outcome.tail()).contains("started", "stopped cleanly");
        assertThat(outcome.exitCode()).isZero();
        assertThat(logged).contains("Stopping after 0 s");
    }
}
