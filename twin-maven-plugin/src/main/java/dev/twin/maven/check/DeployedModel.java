package dev.twin.maven.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model id the synthesized stack gives its function ({@code TWIN_MODEL_ID} in the cloud
 * assembly), so the check calls what was deployed, default model included.
 */
public final class DeployedModel {

    private DeployedModel() {}

    /**
     * {@code TWIN_MODEL_ID} of the first function that has one in {@code <stackName>.template.json}
     * (else any template of the assembly); empty when the assembly holds none.
     */
    public static Optional<String> fromAssembly(Path cdkOut, String stackName) {
        Path own = cdkOut.resolve(stackName + ".template.json");
        Optional<String> found = Files.isRegularFile(own) ? read(own) : Optional.empty();
        if (found.isPresent()) {
            return found;
        }
        try (Stream<Path> files = Files.list(cdkOut)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .sorted()
                    .map(DeployedModel::read)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path template) {
        try {
            JsonNode resources = Json.MAPPER.readTree(template.toFile()).path("Resources");
            for (JsonNode resource : resources) {
                if ("AWS::Lambda::Function".equals(resource.path("Type").asText())) {
                    JsonNode id = resource.at("/Properties/Environment/Variables/TWIN_MODEL_ID");
                    if (id.isTextual()) {
                        return Optional.of(id.asText());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
