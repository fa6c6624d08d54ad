package dev.twin.runtime;

import dev.twin.contract.RuntimeEnv;
import java.util.HashMap;
import java.util.Map;

/**
 * Test fixture: settings for runs that replay conversations at full speed, which the cost guard
 * would refuse.
 */
public final class TestSettings {

    private TestSettings() {}

    /**
     * Settings for {@code twinName} with the rate limits and the daily model budget switched off.
     */
    public static Settings costGuardOff(String twinName) {
        Map<String, String> env = new HashMap<>();
        env.put(RuntimeEnv.NAME, twinName);
        env.put(RuntimeEnv.RATE_LIMIT_IP_PER_MINUTE, "0");
        env.put(RuntimeEnv.RATE_LIMIT_SESSION_PER_MINUTE, "0");
        env.put(RuntimeEnv.DAILY_MODEL_CALLS, "0");
        env.put(RuntimeEnv.DAILY_MODEL_TOKENS, "0");
        return Settings.from(env);
    }
}
