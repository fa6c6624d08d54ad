package dev.twin.maven;

import dev.twin.contract.StackOutputNames;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.owner.LeadsReport;
import dev.twin.maven.owner.LogReader;
import java.time.Clock;
import java.time.Duration;
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
public class LogsMojo extends AbstractAwsMojo {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    /** How far back: 30m, 24h, 7d, 2w. */
    @Parameter(property = TwinProperties.SINCE, defaultValue = "1h")
    protected String since;

    /** Keeps polling for new requests every 2 s until Ctrl-C. */
    @Parameter(property = TwinProperties.FOLLOW, defaultValue = "false")
    protected boolean follow;

    /** Tests: how many follow polls before returning ({@code -1} = until interrupted). */
    @Parameter(property = "twin.follow.polls", defaultValue = "-1")
    protected int followPolls;

    /** Only failures: 5xx, 429, or any line with an error code. */
    @Parameter(property = TwinProperties.ERRORS, defaultValue = "false")
    protected boolean errorsOnly;

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_LOGS, defaultValue = "false")
    protected boolean skipLogs;

    @Override
    protected boolean isSkipped() {
        return skipLogs;
    }

    @Override
    protected void run() throws MojoExecutionException {
        Duration window = LeadsReport.parseSince(since);
        StackOutputs outputs = outputs();
        String logGroup = outputs.require(StackOutputNames.LOG_GROUP_NAME);
        CloudWatchLogsClient logs = awsClients().logs(); // closed when the goal ends
        try {
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
