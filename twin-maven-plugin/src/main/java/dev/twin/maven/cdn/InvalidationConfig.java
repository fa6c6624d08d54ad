package dev.twin.maven.cdn;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to invalidate: the paths the last publish changed (empty optional = unknown, so everything),
 * the threshold above which one wildcard replaces the list, and whether to wait.
 */
public record InvalidationConfig(
        String distributionId,
        Optional<List<String>> changedPaths,
        int maxPaths,
        boolean waitForCompletion,
        Duration timeout,
        Duration pollInterval) {

    /** CloudFront bills paths beyond 1,000 a month; a wildcard counts as one. */
    public static final int DEFAULT_MAX_PATHS = 15;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(10);

    public InvalidationConfig {
        if (distributionId == null || distributionId.isBlank()) {
            throw new IllegalArgumentException("distributionId is required");
        }
        Objects.requireNonNull(changedPaths, "changedPaths");
        changedPaths = changedPaths.map(List::copyOf);
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be positive, was " + maxPaths);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    public static InvalidationConfig of(
            String distributionId, Optional<List<String>> changedPaths) {
        return new InvalidationConfig(
                distributionId,
                changedPaths,
                DEFAULT_MAX_PATHS,
                false,
                DEFAULT_TIMEOUT,
                DEFAULT_POLL);
    }

    public InvalidationConfig waiting(Duration newTimeout, Duration newPoll) {
        return new InvalidationConfig(
                distributionId, changedPaths, maxPaths, true, newTimeout, newPoll);
    }

    public InvalidationConfig withMaxPaths(int newMaxPaths) {
        return new InvalidationConfig(
                distributionId,
                changedPaths,
                newMaxPaths,
                waitForCompletion,
                timeout,
                pollInterval);
    }
}
