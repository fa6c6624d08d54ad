package dev.twin.maven.owner;

import dev.twin.maven.core.AwsClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Builds the CloudWatch Logs client the way {@link AwsClients} builds the others (same credentials,
 * region, an endpoint override with a stand-in region). Kept here until the plugin's client factory
 * offers CloudWatch Logs itself.
 */
public final class LogsClients {

    private LogsClients() {}

    public static CloudWatchLogsClient create(AwsClients clients, Optional<URI> endpoint) {
        var builder =
                CloudWatchLogsClient.builder()
                        .httpClientBuilder(ApacheHttpClient.builder())
                        .credentialsProvider(clients.credentialsProvider());
        Optional<String> region = clients.settings().region();
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(
                uri -> {
                    builder.endpointOverride(uri);
                    if (region.isEmpty()) {
                        builder.region(Region.US_EAST_1);
                    }
                });
        return builder.build();
    }
}
