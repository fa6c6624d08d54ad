package dev.twin.maven.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twin.contract.StackOutputNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The outputs of one deployed stack, in the file format of {@code cdk deploy --outputs-file}. */
public record StackOutputs(String stackName, Map<String, String> values) {

    public StackOutputs {
        Objects.requireNonNull(stackName, "stackName");
        values = Map.copyOf(values);
    }

    public String frontendBucketName() {
        return require(StackOutputNames.FRONTEND_BUCKET_NAME);
    }

    public String memoryBucketName() {
        return require(StackOutputNames.MEMORY_BUCKET_NAME);
    }

    public String distributionId() {
        return require(StackOutputNames.DISTRIBUTION_ID);
    }

    public String apiKeySecretArn() {
        return require(StackOutputNames.API_KEY_SECRET_ARN);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The value of an output, or {@link MissingStackOutputException} naming the stack and the key.
     */
    public String require(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new MissingStackOutputException(stackName, key);
        }
        return value;
    }

    /**
     * Reads {@code {"<stackName>": {"Key": "value", ...}}}. Returns empty when the file is absent;
     * fails when it holds only other stacks, so a goal never publishes to the buckets of another
     * twin or environment.
     */
    public static Optional<StackOutputs> read(Path file, String expectedStack) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OutputsFileUnreadableException(file, e.toString());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new OutputsFileUnreadableException(file, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new OutputsFileUnreadableException(
                    file, "expected an object keyed by stack name");
        }
        JsonNode stack = root.get(expectedStack);
        if (stack == null) {
            Set<String> found = new LinkedHashSet<>();
            root.fieldNames().forEachRemaining(found::add);
            if (found.isEmpty()) {
                throw new OutputsFileUnreadableException(file, "it lists no stack");
            }
            throw new OutputsFromAnotherStackException(file, expectedStack, found);
        }
        if (!stack.isObject()) {
            throw new OutputsFileUnreadableException(
                    file, "outputs of " + expectedStack + " are not an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stack.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), e.getValue().asText());
        }
        return Optional.of(new StackOutputs(expectedStack, values));
    }

    /** Writes the outputs in the {@code --outputs-file} format (parent directories created). */
    public void write(Path file) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode stack = root.putObject(stackName);
        values.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> stack.put(e.getKey(), e.getValue()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.MAPPER.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
