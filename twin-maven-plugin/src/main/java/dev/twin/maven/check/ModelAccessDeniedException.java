package dev.twin.maven.check;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import dev.twin.maven.core.TwinException;

/**
 * The model refuses the twin or the deployer: Bedrock denied it (first-call enablement of an AWS
 * Marketplace model, Anthropic's use-case form, IAM), or the API key was refused.
 */
public final class ModelAccessDeniedException extends TwinException {

    private final String modelId;

    /** The deployed twin answered {@code model_access_denied}. */
    public ModelAccessDeniedException(String provider, String modelId, String skipProperty) {
        this(modelId, message(provider, modelId) + skip(skipProperty));
    }

    private ModelAccessDeniedException(String modelId, String message) {
        super(message);
        this.modelId = modelId;
    }

    /** {@code fix} says what is wrong and what to do; the skip property is appended. */
    static ModelAccessDeniedException withFix(String modelId, String fix, String skipProperty) {
        return new ModelAccessDeniedException(modelId, fix + skip(skipProperty));
    }

    private static String skip(String skipProperty) {
        return " (skip this check with -D" + skipProperty + ")";
    }

    public String modelId() {
        return modelId;
    }

    private static String message(String provider, String modelId) {
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
                        : "Amazon Bedrock denied the function's role (model_access_denied) — Bedrock enables a"
                                + " model on its first call, which for an AWS Marketplace model needs"
                                + " aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions on the caller:"
                                + " run `mvn twin:deploy` as someone who has them (the check calls the model with"
                                + " the deployer's credentials first), or call "
                                + (modelId == null ? "the model" : modelId)
                                + " once in the Bedrock console's playground of the stack's region; Anthropic"
                                + " models also need the one-time use-case form (Bedrock console, model catalog);"
                                + " or pick another model with -Dtwin.modelId=<id> and run `mvn twin:deploy` again";
        return "The deployed twin cannot use " + model + ": " + fix;
    }
}
