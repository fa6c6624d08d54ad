package dev.twin.maven.bench;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.publish.PublishConfig;
import dev.twin.maven.publish.PublishResult;
import dev.twin.maven.publish.SitePublisher;
import java.nio.file.Path;
import java.util.Map;

/**
 * Benchmark driver (not a test): publishes a site with the publisher core, as twin:publish-frontend
 * does, and prints one line per run: {@code <label> ms=<wall> puts=<n> deletes=<n> unchanged=<n>}.
 * Usage: {@code PublishBench <endpoint> <bucket> <siteDir> <label>...}; each label is one publish
 * of the same site; the manifest goes to the bucket {@code <bucket>-memory}, which must exist; the
 * hash cache to a file beside the site.
 */
public final class PublishBench {

    private PublishBench() {}

    public static void main(String[] args) {
        String endpoint = args[0];
        String bucket = args[1];
        Path site = Path.of(args[2]);
        // Credentials as the goals find them (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as in CI),
        // not handed in.
        AwsClients clients =
                new AwsClients(AwsSettings.of("us-east-1", null, Map.of(AwsService.S3, endpoint)));
        for (int i = 3; i < args.length; i++) {
            long start = System.nanoTime();
            // A fresh client per run, as each goal execution builds its own.
            // The manifest goes to a private bucket, as twin:publish-frontend puts it in the
            // stack's memory bucket.
            // The hash cache sits beside the site, as twin:publish-frontend keeps it in
            // target/twin/<env>/.
            PublishConfig config =
                    PublishConfig.of(site, bucket)
                            .withManifestBucket(bucket + "-memory")
                            .withHashCache(
                                    site.resolveSibling(
                                            site.getFileName() + "-" + bucket + "-hashes.txt"));
            PublishResult r =
                    new SitePublisher(clients.leanS3(), config, TwinLog.silent()).publish();
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Not printf: the harness would add Formatter's first-use cost (~20 ms) to the
            // fresh-JVM figure.
            System.out.println(
                    args[i]
                            + " ms="
                            + ms
                            + " puts="
                            + r.puts()
                            + " heads="
                            + r.heads()
                            + " deletes="
                            + r.deletes()
                            + " unchanged="
                            + r.plan().unchanged().size());
        }
    }
}
