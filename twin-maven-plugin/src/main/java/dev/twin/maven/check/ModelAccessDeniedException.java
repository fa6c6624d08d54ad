package dev.twin.maven.check;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import dev.twin.maven.core.TwinException;

/**
 * The deployed twin answered that its model refuses it (Bedrock model access not enabled, or a bad
 * API key).
 */
public final class ModelAccessDeniedException extends TwinException {

    private final String modelId;

    public ModelAccessDeniedException(String provider, String modelId, String skipProperty) {
        super(message(provider, modelId, skipProperty));
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }

    private static String message(String provider, String modelId, String skipProperty) {
        String model =
                modelId == null
                        ? "its model (the stack's default model id)"
                        : "its model " + modelId;
        String fix =
                ModelProvider.OPENAI.id().equals(provider)
                        ? "the OpenAI-compatible endpoint refused the API key — store a valid one with "
                                + "`"
                                + RuntimeEnv.API_KEY
                                + "=... mvn twin:set-api-key`, or check the model name (-Dtwin.modelId)"
                        : "Amazon Bedrock denied access (model_access_denied) — open the Bedrock console, Model access, in the "
                                + "stack's region and enable "
                                + (modelId == null ? "the model" : modelId)
                                + ", or pick a model that is enabled there with -Dtwin.modelId=<id> and run `mvn twin:deploy` again";
        return "The deployed twin cannot use "
                + model
                + ": "
                + fix
                + " (skip this check with -D"
                + skipProperty
                + ")";
    }
}
