package dev.twin.maven;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.owner.LocalMemory;
import dev.twin.maven.owner.Memory;
import dev.twin.maven.owner.S3Memory;
import java.util.function.Consumer;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The owner's reading goals: the deployed stack's memory bucket (from its outputs), or with {@code
 * -Dtwin.local} the memory directory twin:run writes under target/twin/local.
 */
abstract class AbstractOwnerMojo extends AbstractTwinMojo {

    @Parameter(property = TwinProperties.LOCAL, defaultValue = "false")
    protected boolean local;

    /** Runs {@code work} against the chosen memory, closing what it opened. */
    protected void withMemory(Consumer<Memory> work) {
        if (local) {
            work.accept(new LocalMemory(paths().localDir().resolve("memory")));
            return;
        }
        AwsClients clients = awsClients();
        String bucket = outputs(clients).memoryBucketName();
        try (S3Client s3 = clients.s3(4)) {
            work.accept(new S3Memory(s3, bucket));
        }
    }
}
