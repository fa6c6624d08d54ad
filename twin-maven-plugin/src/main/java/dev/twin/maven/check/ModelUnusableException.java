package dev.twin.maven.check;

import dev.twin.maven.core.TwinException;

/**
 * The model id cannot be used in the stack's region (invalid, not offered there, or it needs an
 * inference profile): only another model id fixes it.
 */
public final class ModelUnusableException extends TwinException {

    private final String modelId;
    private final String region;

    public ModelUnusableException(
            String modelId, String region, String detail, String skipProperty) {
        super(
                "Model "
                        + (modelId == null ? "(the stack's default model id)" : modelId)
                        + " cannot be used in "
                        + (region == null ? "the stack's region" : region)
                        + (detail == null || detail.isBlank() ? "" : ": " + detail)
                        + " — set -Dtwin.modelId=<a model or inference-profile id offered in "
                        + (region == null ? "the region" : region)
                        + "> (for a profile, the prefix of the region's geography: us., eu., apac.)"
                        + " and run `mvn twin:deploy` again (skip this check with -D"
                        + skipProperty
                        + ")");
        this.modelId = modelId;
        this.region = region;
    }

    public String modelId() {
        return modelId;
    }

    public String region() {
        return region;
    }
}
