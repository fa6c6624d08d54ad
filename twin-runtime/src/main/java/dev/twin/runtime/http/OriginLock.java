package dev.twin.runtime.http;

import dev.twin.contract.OriginLockNames;
import dev.twin.contract.RuntimeMetrics;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.OriginSecretSource;
import dev.twin.runtime.port.OriginSecretSource.OriginSecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The API answers only requests that came through CloudFront: CloudFront adds {@link #HEADER} with
 * the secret value to every request it forwards to an API origin; anything else (a direct call to
 * the execute-api URL) is refused before its body is read. Either the current or, during a
 * rotation, the previous value passes. A value that matches neither makes the lock re-read the
 * secret (at most every {@link #RELOAD_AFTER}), so a rotation is picked up without a redeploy of
 * the function and no visitor sees an error. Off (every request passes) when no secret is
 * configured: local runs.
 *
 * <p>Front-agnostic: the HTTP API's Lambda front checks it; a function URL front behind CloudFront
 * checks the same header (its origin carries it too), so both fronts trust {@code
 * CloudFront-Viewer-Address} on the same grounds.
 */
public final class OriginLock {

    /** The header CloudFront adds (lower case, as the fronts normalise header names). */
    public static final String HEADER = OriginLockNames.HEADER;

    /** Error code of a refused request. */
    public static final String REFUSED_CODE = RuntimeMetrics.ORIGIN_REFUSED_ERROR_CODE;

    /**
     * How often a mismatch may trigger a re-read: bounds what a direct caller can make us spend.
     */
    public static final Duration RELOAD_AFTER = Duration.ofSeconds(30);

    /** What a check says. */
    public enum Verdict {
        /** No lock configured (local runs): the request passes, nothing is proven. */
        OFF,
        /** The request carried a current or previous value: it came through CloudFront. */
        VERIFIED,
        /** No header, or a wrong value. */
        REFUSED,
        /** The lock is on but the secret could not be read yet: refuse (fail closed), 503. */
        UNAVAILABLE
    }

    private final OriginSecretSource source;
    private final Clock clock;
    private volatile OriginSecret secret;
    private volatile long loadedAtMillis = Long.MIN_VALUE / 2;

    private OriginLock(OriginSecretSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** No lock: every request passes (local runs, tests of other things). */
    public static OriginLock off() {
        return new OriginLock(null, Clock.systemUTC());
    }

    /** A lock whose values come from {@code source}; nothing is read until {@link #load()}. */
    public static OriginLock of(OriginSecretSource source, Clock clock) {
        return new OriginLock(
                Objects.requireNonNull(source, "source"), Objects.requireNonNull(clock, "clock"));
    }

    public boolean isOn() {
        return source != null;
    }

    /** Checks a request's header value ({@code null} when absent). Never logs the values. */
    public Verdict check(String headerValue) {
        if (source == null) {
            return Verdict.OFF;
        }
        OriginSecret s = secret;
        if (s != null && matches(s, headerValue)) {
            return Verdict.VERIFIED;
        }
        // a value we do not know may be a rotation not seen yet; with nothing loaded, retry soon
        long since = clock.millis() - loadedAtMillis;
        boolean mayReload = since >= (s == null ? 1_000 : RELOAD_AFTER.toMillis());
        if ((s == null || headerValue != null) && mayReload && reload()) {
            if (matches(secret, headerValue)) {
                return Verdict.VERIFIED;
            }
        }
        return secret == null ? Verdict.UNAVAILABLE : Verdict.REFUSED;
    }

    /**
     * Reads the secret now (init, after a SnapStart restore); on failure keeps what it had.
     *
     * @return whether the read succeeded
     */
    public synchronized boolean reload() {
        if (source == null) {
            return true;
        }
        loadedAtMillis = clock.millis();
        try {
            secret = source.load();
            return true;
        } catch (OriginSecretUnavailableException | IllegalArgumentException e) {
            Log.warn("origin_secret_unavailable", String.valueOf(e.getMessage()));
            return false;
        }
    }

    /** Alias of {@link #reload()} for readability at init. */
    public boolean load() {
        return reload();
    }

    /**
     * Forgets the values (before a SnapStart snapshot: the secret is not written into it) and
     * allows an immediate re-read.
     */
    public synchronized void forget() {
        secret = null;
        loadedAtMillis = Long.MIN_VALUE / 2;
    }

    /** One line for the init log (never a value). */
    public String describe() {
        return source == null ? "off (no TWIN_ORIGIN_SECRET_ARN)" : "on, " + source.describe();
    }

    private static boolean matches(OriginSecret s, String value) {
        if (value == null) {
            return false;
        }
        byte[] v = value.strip().getBytes(StandardCharsets.UTF_8);
        // constant time, so the answer's timing does not reveal a matching prefix
        boolean current = MessageDigest.isEqual(v, s.current().getBytes(StandardCharsets.UTF_8));
        boolean previous =
                s.previous() != null
                        && MessageDigest.isEqual(v, s.previous().getBytes(StandardCharsets.UTF_8));
        return current | previous;
    }
}
