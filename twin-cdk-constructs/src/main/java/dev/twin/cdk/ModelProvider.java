package dev.twin.cdk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which chat model backend the runtime uses ({@code TWIN_MODEL_PROVIDER}). */
public enum ModelProvider {
    /** Amazon Bedrock, through the function's role (no API key). */
    BEDROCK("bedrock"),
    /** An OpenAI-compatible endpoint, with the key read from the stack's secret. */
    OPENAI("openai"),
    /** A canned local model: no network, no key (useful for smoke deployments). */
    OFFLINE("offline");

    private final String id;

    ModelProvider(String id) {
        this.id = id;
    }

    /** The value of {@code TWIN_MODEL_PROVIDER}. */
    public String id() {
        return id;
    }

    /** Parses an id; empty when it is not one of {@link #allowed()}. */
    public static Optional<ModelProvider> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(v)).findFirst();
    }

    /** The accepted ids, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(ModelProvider::id).collect(Collectors.joining(", "));
    }
}
