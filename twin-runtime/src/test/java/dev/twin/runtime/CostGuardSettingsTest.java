package dev.twin.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twin.contract.RuntimeEnv;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostGuardSettingsTest {

    @Test
    void defaults_limitAPersonalTwin() {
        Settings s = Settings.from(Map.of());

        assertThat(s.rateLimitIpPerMinute()).isEqualTo(10);
        assertThat(s.rateLimitIpBurst()).isEqualTo(5);
        assertThat(s.rateLimitSessionPerMinute()).isEqualTo(6);
        assertThat(s.rateLimitSessionBurst()).isEqualTo(3);
        assertThat(s.rateLimitMaxClients()).isEqualTo(10_000);
        assertThat(s.dailyModelCalls()).isEqualTo(1_000);
        assertThat(s.dailyModelTokens()).isEqualTo(2_000_000);
    }

    @Test
    void zero_turnsEachLimitOff() {
        Settings s =
                Settings.from(
                        Map.of(
                                RuntimeEnv.RATE_LIMIT_IP_PER_MINUTE,
                                "0",
                                RuntimeEnv.RATE_LIMIT_SESSION_PER_MINUTE,
                                "0",
                                RuntimeEnv.DAILY_MODEL_CALLS,
                                "0",
                                RuntimeEnv.DAILY_MODEL_TOKENS,
                                "0",
                                RuntimeEnv.MEMORY_DIR,
                                System.getProperty("java.io.tmpdir") + "/twin-test"));

        assertThat(s.rateLimitIpPerMinute()).isZero();
        assertThat(Wiring.fromEnvironment(s.env()).budget()).isNull();
    }

    @Test
    void fromEnvironment_wiresTheDailyBudgetByDefault() {
        Wiring w =
                Wiring.fromEnvironment(
                        Map.of(
                                RuntimeEnv.MEMORY_DIR,
                                System.getProperty("java.io.tmpdir") + "/twin-test"));

        assertThat(w.budget()).isNotNull();
        assertThat(w.budget().callsToday()).isZero();
    }

    @Test
    void badValues_failNamingTheVariableAndTheFix() {
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.RATE_LIMIT_IP_PER_MINUTE, "-1")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_RATE_LIMIT_IP_PER_MINUTE")
                .hasMessageContaining("-1")
                .hasMessageContaining("0 to turn");
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.RATE_LIMIT_SESSION_BURST, "0")))
                .hasMessageContaining("TWIN_RATE_LIMIT_SESSION_BURST");
        assertThatThrownBy(() -> Settings.from(Map.of(RuntimeEnv.DAILY_MODEL_TOKENS, "lots")))
                .hasMessageContaining("TWIN_DAILY_MODEL_TOKENS")
                .hasMessageContaining("lots");
    }
}
