package dev.twin.runtime.adapter.openai;

/**
 * Where the OpenAI-compatible API key comes from (a Secrets Manager secret in AWS, an environment
 * variable on a laptop, a fixed value in tests). Implementations never reveal the key in {@code
 * toString()}, messages or logs.
 */
@FunctionalInterface
public interface ApiKeySource {

    /**
     * The key, or {@code null} when the endpoint needs none (a local Ollama).
     *
     * @throws ApiKeyUnavailableException when it cannot be fetched
     */
    String apiKey();

    /** A key known up front (from {@code TWIN_API_KEY}); blank means none. */
    static ApiKeySource fixed(String key) {
        return new Fixed(key == null || key.isBlank() ? null : key.strip());
    }

    static ApiKeySource none() {
        return new Fixed(null);
    }

    /** A key held in memory; {@link #toString()} says only whether there is one. */
    final class Fixed implements ApiKeySource {
        private final String key;

        private Fixed(String key) {
            this.key = key;
        }

        @Override
        public String apiKey() {
            return key;
        }

        @Override
        public String toString() {
            return key == null ? "ApiKeySource[none]" : "ApiKeySource[fixed, redacted]";
        }
    }
}
