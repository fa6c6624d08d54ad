package dev.twin.contract.testing;

import java.security.SecureRandom;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeds for generated test cases in every module (this module's test-jar): {@code -Dtwin.seed=<n>}
 * replays a run, and a failing case names the seed that made it (register with
 * {@code @ExtendWith(Seeds.class)}).
 */
public final class Seeds
        implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** The system property that overrides every generated suite's seed. */
    public static final String PROPERTY = "twin.seed";

    private static final Map<Class<?>, Long> USED = new ConcurrentHashMap<>();

    /** The generator for {@code owner}'s cases: -Dtwin.seed when given, else {@code fallback}. */
    public static RandomGenerator random(Class<?> owner, long fallback) {
        long seed = seed(fallback);
        USED.put(owner, seed);
        return new SplittableRandom(seed);
    }

    /** As {@link #random(Class, long)} with a fresh seed per run (printed if a case fails). */
    public static RandomGenerator random(Class<?> owner) {
        return random(owner, new SecureRandom().nextLong());
    }

    static long seed(long fallback) {
        String given = System.getProperty(PROPERTY, "").strip();
        if (given.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + given + " is not a whole number (a seed such as 42)");
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withSeed(context, failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withSeed(context, failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withSeed(context, failure);
    }

    private static Throwable withSeed(ExtensionContext context, Throwable failure) {
        Long seed = context.getTestClass().map(USED::get).orElse(null);
        if (seed != null) {
            String note =
                    "generated with seed "
                            + seed
                            + "; replay with -D"
                            + PROPERTY
                            + "="
                            + seed
                            + " -Dtest="
                            + context.getRequiredTestClass().getSimpleName();
            System.err.println("[seed] " + context.getDisplayName() + ": " + note);
            failure.addSuppressed(new SeedNote(note));
        }
        return failure;
    }

    /** Carries the seed into the failure's report. */
    static final class SeedNote extends RuntimeException {
        SeedNote(String message) {
            super(message, null, false, false);
        }
    }
}
