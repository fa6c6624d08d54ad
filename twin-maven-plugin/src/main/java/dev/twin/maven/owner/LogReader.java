package dev.twin.maven.owner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads the chat function's request lines from CloudWatch Logs ({@code FilterLogEvents}) for {@code
 * twin:logs}: the recent window, optionally only failures, optionally following (polling with the
 * last seen time, skipping events already printed).
 */
public final class LogReader {

    /** Request lines only: the runtime writes {@code "type":"request"} on each. */
    static final String REQUESTS = "{ $.type = \"request\" }";

    /** Failures: what the Errors metric counts, plus any line with an error code. */
    static final String FAILURES =
            "{ ($.type = \"request\") && (($.status >= 500) || ($.status = 429) || ($.ErrorCode = \"*\")) }";

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final Clock clock;

    public LogReader(CloudWatchLogsClient logs, String logGroup, Clock clock) {
        this.logs = Objects.requireNonNull(logs, "logs");
        this.logGroup = Objects.requireNonNull(logGroup, "logGroup");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Prints the request lines of the last {@code since}; with {@code polls > 0}, then polls that
     * many more times (every {@code interval}) for new ones; {@code polls < 0} follows until
     * interrupted.
     *
     * @return how many lines were printed
     */
    public int read(
            Duration since,
            boolean failuresOnly,
            int polls,
            Duration interval,
            Consumer<String> out)
            throws InterruptedException {
        long start = clock.instant().minus(since).toEpochMilli();
        Set<String> seen = new HashSet<>();
        int printed = 0;
        for (int round = 0; ; round++) {
            long newest = start;
            String token = null;
            do {
                String next = token;
                FilterLogEventsResponse page;
                try {
                    final long from = start;
                    page =
                            logs.filterLogEvents(
                                    r ->
                                            r.logGroupName(logGroup)
                                                    .startTime(from)
                                                    .filterPattern(
                                                            failuresOnly ? FAILURES : REQUESTS)
                                                    .nextToken(next));
                } catch (ResourceNotFoundException e) {
                    throw new LogGroupNotFoundException(logGroup);
                }
                for (FilteredLogEvent e : page.events()) {
                    if (!seen.add(e.eventId())) {
                        continue;
                    }
                    newest = Math.max(newest, e.timestamp());
                    String line =
                            RequestLines.request(Instant.ofEpochMilli(e.timestamp()), e.message());
                    if (line != null) {
                        out.accept(line);
                        printed++;
                    }
                }
                token = page.nextToken();
            } while (token != null);
            if (polls >= 0 && round >= polls) {
                return printed;
            }
            start = newest; // events at the same millisecond are deduplicated by id
            Thread.sleep(interval.toMillis());
        }
    }
}
