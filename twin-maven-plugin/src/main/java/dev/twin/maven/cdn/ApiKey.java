package dev.twin.maven.cdn;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An LLM API key on its way to Secrets Manager. {@link #toString()} never shows it, so no log or
 * exception message can leak it by accident.
 */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** From {@code envName} in the environment, else the property value, else the prompt. */
    public static ApiKey resolve(
            Map<String, String> env,
            String envName,
            Optional<String> property,
            SecretPrompt prompt) {
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return of(fromEnv, "environment variable " + envName);
        }
        if (property.isPresent() && !property.get().isEmpty()) {
            return of(property.get(), "the twin.apiKey property");
        }
        char[] typed =
                prompt.ask("LLM API key (input hidden): ")
                        .orElseThrow(() -> new MissingApiKeyException(envName));
        try {
            return of(new String(typed), "the prompt");
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    static ApiKey of(String raw, String source) {
        Objects.requireNonNull(raw);
        String key = raw.strip();
        if (key.isEmpty()) {
            throw new InvalidApiKeyException(source, "is empty");
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidApiKeyException(source, "contains whitespace");
        }
        if (key.length() > 4096) {
            throw new InvalidApiKeyException(source, "is longer than 4096 characters");
        }
        return new ApiKey(key);
    }

    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[hidden]";
    }
}
