package dev.twin.maven.publish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code target/twin/<env>/last-publish.json}: which viewer paths the last publish changed, for
 * invalidation.
 */
public record LastPublish(
        String bucket, String prefix, Instant publishedAt, List<String> changedPaths) {

    public LastPublish {
        changedPaths = List.copyOf(changedPaths);
    }

    public void write(Path file) {
        var root = Json.MAPPER.createObjectNode();
        root.put("bucket", bucket);
        root.put("prefix", prefix);
        root.put("publishedAt", publishedAt.toString());
        var array = root.putArray("changedPaths");
        changedPaths.forEach(array::add);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * The last publish, or empty when the file is absent or unreadable (then everything is
     * invalidated).
     */
    public static Optional<LastPublish> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            List<String> paths = new ArrayList<>();
            JsonNode array = root.path("changedPaths");
            if (!array.isArray()) {
                return Optional.empty();
            }
            array.forEach(p -> paths.add(p.asText()));
            return Optional.of(
                    new LastPublish(
                            root.path("bucket").asText(),
                            root.path("prefix").asText(),
                            Instant.parse(
                                    root.path("publishedAt").asText(Instant.EPOCH.toString())),
                            paths));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
