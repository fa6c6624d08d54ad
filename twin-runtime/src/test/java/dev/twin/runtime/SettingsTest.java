package dev.twin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.RuntimeEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void from_emptyEnvironment_usesTheDocumentedDefaults() {
        Settings s = Settings.from(Map.of());

        assertThat(s.modelProvider()).isEqualTo("offline");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.personaPrefix()).isEqualTo("persona/");
        assertThat(s.historyMessages()).isEqualTo(20);
        assertThat(s.maxMessageChars()).isEqualTo(4000);
        assertThat(s.maxConversationBytes()).isEqualTo(1024 * 1024);
        assertThat(s.personaRevalidate()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.personaDir()).isNull();
        assertThat(s.memoryDir()).isNotNull();
    }

    @Test
    void from_readsEveryName() {
        Settings s =
                Settings.from(
                        Map.ofEntries(
                                Map.entry(RuntimeEnv.MODEL_PROVIDER, "Bedrock"),
                                Map.entry(RuntimeEnv.MODEL_ID, "eu.amazon.nova-lite-v1:0"),
                                Map.entry(RuntimeEnv.MEMORY_BUCKET, "b"),
                                Map.entry(RuntimeEnv.PERSONA_PREFIX, "p/"),
                                Map.entry(RuntimeEnv.PORT, "0"),
                                Map.entry(RuntimeEnv.PERSONA_DIR, "/tmp/p"),
                                Map.entry(RuntimeEnv.MEMORY_DIR, "/tmp/m"),
                                Map.entry(RuntimeEnv.SITE_DIR, "/tmp/s"),
                                Map.entry(RuntimeEnv.HISTORY_MESSAGES, "6"),
                                Map.entry(RuntimeEnv.HISTORY_CHARS, "900"),
                                Map.entry(RuntimeEnv.MAX_MESSAGE_CHARS, "100"),
                                Map.entry(RuntimeEnv.MAX_CONVERSATION_BYTES, "2048"),
                                Map.entry(RuntimeEnv.PERSONA_REVALIDATE_SECONDS, "5"),
                                Map.entry(RuntimeEnv.NAME, "Ana"),
                                Map.entry(RuntimeEnv.ALLOWED_ORIGIN, "https://x.example")));

        assertThat(s.modelProvider()).isEqualTo("bedrock");
        assertThat(s.modelId()).isEqualTo("eu.amazon.nova-lite-v1:0");
        assertThat(s.port()).isZero();
        assertThat(s.memoryDir()).isEqualTo(Path.of("/tmp/m"));
        assertThat(s.chatSettings("Ana").historyMessages()).isEqualTo(6);
        assertThat(s.chatSettings("Ana").maxConversationBytes()).isEqualTo(2048);
        assertThat(s.personaRevalidate()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void from_badValue_namesTheVariableTheValueAndTheFix() {
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.PORT, "eighty")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_PORT=eighty")
                .hasMessageContaining("1-65535");
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.MODEL_PROVIDER, "gpt")))
                .hasMessageContaining("TWIN_MODEL_PROVIDER=gpt")
                .hasMessageContaining("use one of bedrock, openai, offline");
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.MAX_MESSAGE_CHARS, "0")))
                .isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void toString_neverShowsValuesOfOtherVariables() {
        Settings s =
                Settings.from(
                        Map.of(
                                RuntimeEnv.API_KEY,
                                "sk-test-not-a-real-key",
                                "AWS_SECRET_ACCESS_KEY",
                                "zzz"));

        assertThat(s.toString()).doesNotContain("sk-test-not-a-real-key").doesNotContain("zzz");
        assertThat(s.env()).doesNotContainKey("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void wiring_withoutPersonaDirOrBucket_usesTheFictionalSamplePersona() {
        Wiring w =
                Wiring.fromEnvironment(
                        Map.of(
                                RuntimeEnv.MEMORY_DIR,
                                System.getProperty("java.io.tmpdir") + "/twin-test"));

        assertThat(w.usesSamplePersona()).isTrue();
        assertThat(w.twinName()).isEqualTo("Ada Quill");
        assertThat(w.persona().describe()).contains("fictional");
        assertThat(w.model().describe()).startsWith("offline");
    }
}
