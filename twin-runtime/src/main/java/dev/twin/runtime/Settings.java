package dev.twin.runtime;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.ModelProvider;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.chat.ChatSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Value: the runtime configuration read from the environment ({@link RuntimeEnv} names), validated
 * once at startup so a typo fails fast with the name, the value and the fix.
 *
 * @param personaDir {@code null} when unset
 * @param memoryDir never {@code null} (a default under the temp directory)
 * @param siteDir {@code null} when unset
 * @param memoryBucket {@code null} when unset
 * @param allowedOrigin {@code null} when unset
 * @param twinName {@code null} when unset (the wiring then picks one)
 */
public record Settings(
        Map<String, String> env,
        String modelProvider,
        String modelId,
        String memoryBucket,
        String personaPrefix,
        String allowedOrigin,
        String twinName,
        String intro,
        String host,
        int port,
        Path personaDir,
        Path memoryDir,
        Path siteDir,
        int historyMessages,
        int historyChars,
        int maxMessageChars,
        int maxConversationBytes,
        Duration personaRevalidate,
        int rateLimitIpPerMinute,
        int rateLimitIpBurst,
        int rateLimitSessionPerMinute,
        int rateLimitSessionBurst,
        int rateLimitMaxClients,
        int dailyModelCalls,
        int dailyModelTokens) {

    /** Cost-guard defaults for a personal twin; docs/cost-guard.md says why. */
    public static final int DEFAULT_RATE_LIMIT_IP_PER_MINUTE = 10;

    public static final int DEFAULT_RATE_LIMIT_IP_BURST = 5;
    public static final int DEFAULT_RATE_LIMIT_SESSION_PER_MINUTE = 6;
    public static final int DEFAULT_RATE_LIMIT_SESSION_BURST = 3;
    public static final int DEFAULT_RATE_LIMIT_MAX_CLIENTS = 10_000;
    public static final int DEFAULT_DAILY_MODEL_CALLS = 1_000;
    public static final int DEFAULT_DAILY_MODEL_TOKENS = 2_000_000;
    public static final int DEFAULT_DAILY_BUDGET_LEASE = 10;

    public Settings {
        // keep only our own names: the process environment also holds AWS credentials
        Map<String, String> own = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey() != null && e.getKey().startsWith("TWIN_") && e.getValue() != null) {
                own.put(e.getKey(), e.getValue());
            }
        }
        env = Map.copyOf(own);
        Objects.requireNonNull(memoryDir, "memoryDir");
    }

    /** Reads and validates every setting. */
    public static Settings from(Map<String, String> env) {
        String providerValue = get(env, RuntimeEnv.MODEL_PROVIDER, ModelProvider.OFFLINE.id());
        String provider =
                ModelProvider.find(providerValue)
                        .orElseThrow(
                                () ->
                                        new InvalidSettingException(
                                                RuntimeEnv.MODEL_PROVIDER,
                                                providerValue,
                                                "use one of " + ModelProvider.allowed()))
                        .id();
        String personaDir = get(env, RuntimeEnv.PERSONA_DIR, null);
        String siteDir = get(env, RuntimeEnv.SITE_DIR, null);
        String memoryDir = get(env, RuntimeEnv.MEMORY_DIR, null);
        return new Settings(
                env,
                provider,
                get(env, RuntimeEnv.MODEL_ID, null),
                get(env, RuntimeEnv.MEMORY_BUCKET, null),
                get(env, RuntimeEnv.PERSONA_PREFIX, MemoryBucketLayout.PERSONA_PREFIX),
                get(env, RuntimeEnv.ALLOWED_ORIGIN, null),
                get(env, RuntimeEnv.NAME, null),
                get(env, RuntimeEnv.INTRO, null),
                get(env, RuntimeEnv.HOST, "127.0.0.1"),
                intValue(
                        env,
                        RuntimeEnv.PORT,
                        8080,
                        0,
                        65535,
                        "use a port number 1-65535, or 0 for any free port"),
                personaDir == null ? null : Path.of(personaDir),
                memoryDir == null
                        ? Path.of(System.getProperty("java.io.tmpdir"), "twin", "memory")
                        : Path.of(memoryDir),
                siteDir == null ? null : Path.of(siteDir),
                intValue(
                        env,
                        RuntimeEnv.HISTORY_MESSAGES,
                        ChatSettings.DEFAULT_HISTORY_MESSAGES,
                        1,
                        1000,
                        "use a message count from 1 to 1000"),
                intValue(
                        env,
                        RuntimeEnv.HISTORY_CHARS,
                        ChatSettings.DEFAULT_HISTORY_CHARS,
                        100,
                        2_000_000,
                        "use a character budget from 100 to 2000000"),
                intValue(
                        env,
                        RuntimeEnv.MAX_MESSAGE_CHARS,
                        ChatSettings.DEFAULT_MAX_MESSAGE_CHARS,
                        1,
                        60_000,
                        "use a length from 1 to 60000 (a request body is at most 64 KB)"),
                intValue(
                        env,
                        RuntimeEnv.MAX_CONVERSATION_BYTES,
                        ChatSettings.DEFAULT_MAX_CONVERSATION_BYTES,
                        1024,
                        100 * 1024 * 1024,
                        "use a size in bytes from 1024 to 104857600"),
                Duration.ofSeconds(
                        intValue(
                                env,
                                RuntimeEnv.PERSONA_REVALIDATE_SECONDS,
                                60,
                                0,
                                86_400,
                                "use seconds from 0 (check every request) to 86400")),
                intValue(
                        env,
                        RuntimeEnv.RATE_LIMIT_IP_PER_MINUTE,
                        DEFAULT_RATE_LIMIT_IP_PER_MINUTE,
                        0,
                        6_000,
                        "use chat turns per minute per address from 1 to 6000, or 0 to turn the limit off"),
                intValue(
                        env,
                        RuntimeEnv.RATE_LIMIT_IP_BURST,
                        DEFAULT_RATE_LIMIT_IP_BURST,
                        1,
                        1_000,
                        "use a burst of 1 to 1000 turns"),
                intValue(
                        env,
                        RuntimeEnv.RATE_LIMIT_SESSION_PER_MINUTE,
                        DEFAULT_RATE_LIMIT_SESSION_PER_MINUTE,
                        0,
                        6_000,
                        "use chat turns per minute per conversation from 1 to 6000, or 0 to turn the limit off"),
                intValue(
                        env,
                        RuntimeEnv.RATE_LIMIT_SESSION_BURST,
                        DEFAULT_RATE_LIMIT_SESSION_BURST,
                        1,
                        1_000,
                        "use a burst of 1 to 1000 turns"),
                intValue(
                        env,
                        RuntimeEnv.RATE_LIMIT_MAX_CLIENTS,
                        DEFAULT_RATE_LIMIT_MAX_CLIENTS,
                        100,
                        1_000_000,
                        "use a number of remembered clients from 100 to 1000000 (about 200 bytes each)"),
                intValue(
                        env,
                        RuntimeEnv.DAILY_MODEL_CALLS,
                        DEFAULT_DAILY_MODEL_CALLS,
                        0,
                        100_000_000,
                        "use model calls per day from 1 to 100000000, or 0 for no daily call cap"),
                intValue(
                        env,
                        RuntimeEnv.DAILY_MODEL_TOKENS,
                        DEFAULT_DAILY_MODEL_TOKENS,
                        0,
                        2_000_000_000,
                        "use model tokens per day from 1 to 2000000000, or 0 for no daily token cap"));
    }

    /** The chat limits, for a twin called {@code name}. */
    public ChatSettings chatSettings(String name) {
        return new ChatSettings(
                name,
                historyMessages,
                historyChars,
                maxMessageChars,
                maxConversationBytes,
                ChatSettings.DEFAULT_MAX_WRITE_ATTEMPTS,
                ChatSettings.DEFAULT_RETRY_BACKOFF);
    }

    /** Names only: values such as {@code TWIN_API_KEY} must never reach a log. */
    @Override
    public String toString() {
        return "Settings[provider="
                + modelProvider
                + ", bucket="
                + memoryBucket
                + ", personaDir="
                + personaDir
                + ", memoryDir="
                + memoryDir
                + ", siteDir="
                + siteDir
                + ", port="
                + port
                + "]";
    }

    /**
     * Calls a process leases from the shared daily budget at a time ({@link
     * RuntimeEnv#DAILY_BUDGET_LEASE}).
     */
    public int dailyBudgetLease() {
        return intValue(
                env,
                RuntimeEnv.DAILY_BUDGET_LEASE,
                DEFAULT_DAILY_BUDGET_LEASE,
                1,
                1_000,
                "use model calls per lease from 1 to 1000 (each lease is one conditional write to the store)");
    }

    /** A raw environment value ({@code null} or blank counts as unset). */
    public String get(String name) {
        return get(env, name, null);
    }

    private static String get(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static int intValue(
            Map<String, String> env, String name, int fallback, int min, int max, String fix) {
        String v = get(env, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new InvalidSettingException(name, v, fix);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(name, v, fix);
        }
    }
}
