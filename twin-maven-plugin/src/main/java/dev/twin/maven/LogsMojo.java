package dev.twin.maven;

import dev.twin.contract.StackOutputNames;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.owner.LeadsReport;
import dev.twin.maven.owner.LogReader;
import dev.twin.maven.owner.LogsClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Prints the chat function's recent requests from CloudWatch Logs as readable lines (time, route,
 * status, latency, error code, request id); {@code -Dtwin.follow} keeps tailing, {@code
 * -Dtwin.errors} shows only failures, {@code -Dtwin.since} sets the window (default 1h).
 */
@Mojo(name = "logs", threadSafe = true)
public class LogsMojo extends AbstractTwinMojo {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    @Parameter(property = TwinProperties.SINCE, defaultValue = "1h")
    protected String since;

    @Parameter(property = TwinProperties.FOLLOW, defaultValue = "false")
    protected boolean follow;

    /** Tests: how many follow polls before returning ({@code -1} = until interrupted). */
    @Parameter(property = "twin.follow.polls", defaultValue = "-1")
    protected int followPolls;

    @Parameter(property = TwinProperties.ERRORS, defaultValue = "false")
    protected boolean errorsOnly;

    @Parameter(property = TwinProperties.ENDPOINT_LOGS)
    protected String endpointLogs;

    @Parameter(property = TwinProperties.SKIP_LOGS, defaultValue = "false")
    protected boolean skipLogs;

    @Override
    protected boolean isSkipped() {
        return skipLogs;
    }

    @Override
    protected void run() throws MojoExecutionException {
        Duration window = LeadsReport.parseSince(since);
        var clients = awsClients();
        StackOutputs outputs = outputs(clients);
        String logGroup = outputs.require(StackOutputNames.LOG_GROUP_NAME);
        Optional<URI> endpoint =
                endpointLogs == null || endpointLogs.isBlank()
                        ? Optional.empty()
                        : Optional.of(URI.create(endpointLogs.strip()));
        try (CloudWatchLogsClient logs = LogsClients.create(clients, endpoint)) {
            getLog().info(
                            "Requests of "
                                    + logGroup
                                    + " in the last "
                                    + since
                                    + (errorsOnly ? " (failures only)" : "")
                                    + (follow ? "; following, Ctrl-C stops" : ""));
            int n =
                    new LogReader(logs, logGroup, Clock.systemUTC())
                            .read(
                                    window,
                                    errorsOnly,
                                    follow ? followPolls : 0,
                                    POLL_INTERVAL,
                                    line -> getLog().info(line));
            getLog().info(n + " request(s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected String goal() {
        return "logs";
    }
}
