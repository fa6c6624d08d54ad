package dev.twin.maven.workflow;

import dev.twin.contract.ModelProvider;
import java.util.Optional;

/**
 * Which steps of {@code twin:deploy} run, and the model the post-deploy check expects. The model
 * provider defaults to {@code bedrock}; {@code offline} twins are never checked.
 */
public record DeployPlan(
        boolean synth,
        boolean persona,
        boolean publish,
        boolean invalidate,
        boolean modelCheck,
        boolean dryRun,
        String modelProvider,
        Optional<String> modelId) {

    public DeployPlan {
        modelProvider =
                modelProvider == null || modelProvider.isBlank()
                        ? ModelProvider.BEDROCK.id()
                        : modelProvider.strip();
        modelId = modelId == null ? Optional.empty() : modelId.filter(m -> !m.isBlank());
    }

    /** Invalidation follows a real publish only: nothing changed otherwise. */
    boolean invalidates() {
        return invalidate && publish && !dryRun;
    }

    boolean checksModel() {
        return modelCheck && !dryRun && !ModelProvider.OFFLINE.id().equals(modelProvider);
    }
}
