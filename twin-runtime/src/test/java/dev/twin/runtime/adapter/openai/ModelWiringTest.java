package dev.twin.runtime.adapter.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.runtime.InvalidSettingException;
import dev.twin.runtime.Wiring;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring's openai / bedrock branches: what each environment builds, and what a bad one says.
 */
class ModelWiringTest {

    @TempDir Path memory;

    private Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("TWIN_MEMORY_DIR", memory.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void openai_localOllama_needsNoKey() {
        Wiring w =
                Wiring.fromEnvironment(
                        env(
                                "TWIN_MODEL_PROVIDER",
                                "openai",
                                "TWIN_OPENAI_BASE_URL",
                                "http://127.0.0.1:11434/v1",
                                "TWIN_MODEL_ID",
                                "llama3.2"));

        assertThat(w.model().describe())
                .isEqualTo("openai-compatible llama3.2 at http://127.0.0.1:11434");
    }

    @Test
    void openai_withKeyFromEnvironment_defaultsToOpenAi() {
        Wiring w =
                Wiring.fromEnvironment(
                        env(
                                "TWIN_MODEL_PROVIDER",
                                "openai",
                                "TWIN_MODEL_ID",
                                "gpt-4o-mini",
                                "TWIN_API_KEY",
                                "test-key-not-real-0003"));

        assertThat(w.model().describe())
                .isEqualTo("openai-compatible gpt-4o-mini at https://api.openai.com");
    }

    @Test
    void openai_remoteWithoutAnyKey_failsAtStartup_sayingWhatToSet() {
        assertThatThrownBy(
                        () ->
                                Wiring.fromEnvironment(
                                        env(
                                                "TWIN_MODEL_PROVIDER",
                                                "openai",
                                                "TWIN_MODEL_ID",
                                                "gpt-4o-mini")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_API_KEY_SECRET_ARN")
                .hasMessageContaining("TWIN_API_KEY");
    }

    @Test
    void openai_badBaseUrl_orNoModel_failAtStartup() {
        assertThatThrownBy(
                        () ->
                                Wiring.fromEnvironment(
                                        env(
                                                "TWIN_MODEL_PROVIDER",
                                                "openai",
                                                "TWIN_MODEL_ID",
                                                "m",
                                                "TWIN_OPENAI_BASE_URL",
                                                "ftp://example.com")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_OPENAI_BASE_URL=ftp://example.com");
        assertThatThrownBy(
                        () ->
                                Wiring.fromEnvironment(
                                        env(
                                                "TWIN_MODEL_PROVIDER",
                                                "openai",
                                                "TWIN_OPENAI_BASE_URL",
                                                "http://127.0.0.1:11434/v1")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_MODEL_ID");
    }

    @Test
    void bedrock_withoutModelId_failsAtStartup_withAnExample() {
        assertThatThrownBy(() -> Wiring.fromEnvironment(env("TWIN_MODEL_PROVIDER", "bedrock")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_MODEL_ID")
                .hasMessageContaining("us.amazon.nova-lite-v1:0");
    }
}
