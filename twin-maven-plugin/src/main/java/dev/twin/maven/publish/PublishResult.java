package dev.twin.maven.publish;

import java.time.Duration;

/**
 * What a publish did: the plan it carried out, the file PUTs, deletions and HEADs it made (the
 * manifest's own PUT not counted), and how long it took.
 */
public record PublishResult(
        PublishPlan plan,
        int puts,
        int deletes,
        long bytesUploaded,
        Duration elapsed,
        boolean dryRun,
        int heads) {}
