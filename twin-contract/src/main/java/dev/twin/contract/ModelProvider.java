package dev.twin.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which chat model backend the runtime uses ({@link RuntimeEnv#MODEL_PROVIDER}). */
public enum ModelProvider {
    /** Amazon Bedrock, through the function's role (no API key). */
    BEDROCK("bedrock"),
    /** An OpenAI-compatible endpoint, with the key read from the stack's secret. */
    OPENAI("openai"),
    /** A canned local model: no network, no key (useful for smoke deployments and local runs). */
    OFFLINE("offline");

    private final String id;

    ModelProvider(String id) {
        this.id = id;
    }

    /** The value of {@link RuntimeEnv#MODEL_PROVIDER}. */
    public String id() {
        return id;
    }

    /**
     * Looks an id up (case-insensitive, surrounding blanks ignored); empty when it is not one of
     * {@link #allowed()}, so each caller reports it in its own terms (env variable, context key).
     */
    public static Optional<ModelProvider> find(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(v)).findFirst();
    }

    /** The accepted ids, for messages: {@code bedrock, openai, offline}. */
    public static String allowed() {
        return Arrays.stream(values()).map(ModelProvider::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
