package dev.twin.maven.cdn;

import java.util.List;
import java.util.Optional;

/**
 * The invalidation created (empty id when nothing had changed), its paths and its last known
 * status.
 */
public record InvalidationResult(
        Optional<String> invalidationId, List<String> paths, String status) {

    public InvalidationResult {
        paths = List.copyOf(paths);
    }

    public static InvalidationResult nothingToDo() {
        return new InvalidationResult(Optional.empty(), List.of(), "Skipped");
    }
}
