package dev.twin.maven;

import dev.twin.maven.owner.LocalMemory;
import dev.twin.maven.owner.Memory;
import dev.twin.maven.owner.S3Memory;
import java.util.function.Consumer;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The owner's reading goals: the deployed stack's memory bucket (from its outputs), or with {@code
 * -Dtwin.local} the memory directory twin:run writes under target/twin/local.
 */
abstract class AbstractOwnerMojo extends AbstractAwsMojo {

    /** Reads target/twin/local/memory (what twin:run writes) instead of the deployed bucket. */
    @Parameter(property = TwinProperties.LOCAL, defaultValue = "false")
    protected boolean local;

    /** Runs {@code work} against the chosen memory, closing what it opened. */
    protected void withMemory(Consumer<Memory> work) {
        if (local) {
            work.accept(new LocalMemory(paths().localDir().resolve("memory")));
            return;
        }
        // the goal's clients are closed when the goal ends (AbstractAwsMojo)
        work.accept(new S3Memory(awsClients().s3(), outputs().memoryBucketName()));
    }
}
