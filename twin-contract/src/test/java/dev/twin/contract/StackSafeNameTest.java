package dev.twin.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The stack-safe name is a valid twin name and pure ASCII for any display name (CloudWatch
 * dimension values must be ASCII). Seeded: {@code -Dtwin.test.seed=<n>} reproduces a run.
 */
class StackSafeNameTest {

    private static final long SEED = Long.getLong("twin.test.seed", System.nanoTime());

    /** Letters from several scripts, marks, punctuation, digits, spaces and emoji. */
    private static final String ALPHABET =
            "abcXYZ019 -_'.,!?éèëçñøßæœłđþÅÖÜ日本語Ελληνικάкириллица\u0301\u0308🙂\t";

    @Test
    void knownNames_foldToReadableAscii() {
        assertThat(StackSafeName.of("Zoë O'Brien")).isEqualTo("zoe-o-brien");
        assertThat(StackSafeName.of("jane-doe")).isEqualTo("jane-doe");
        assertThat(StackSafeName.of("Łukasz Straße")).isEqualTo("lukasz-strasse");
        assertThat(StackSafeName.of("42 Ada")).isEqualTo("ada");
        assertThat(StackSafeName.of("日本語")).isEqualTo("twin");
        assertThat(StackSafeName.of("A".repeat(40))).isEqualTo("a".repeat(24));
    }

    @Test
    void aDisplayNameAsIs_isNotAlwaysAscii_soTheCheckCanFail() {
        assertThat(isAscii("Zoë O'Brien")).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> anyDisplayName_givesAValidAsciiTwinName() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
        return IntStream.range(0, 500)
                .mapToObj(
                        i -> {
                            int length = 1 + random.nextInt(64);
                            StringBuilder b = new StringBuilder();
                            for (int j = 0; j < length; j++) {
                                int at = random.nextInt(ALPHABET.length());
                                b.append(ALPHABET.charAt(at));
                            }
                            String name = b.toString();
                            return DynamicTest.dynamicTest(
                                    "seed " + SEED + " #" + i,
                                    () -> {
                                        String safe = StackSafeName.of(name);
                                        assertThat(safe)
                                                .as("seed %d, name '%s'", SEED, name)
                                                .matches("[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,23}");
                                        assertThat(isAscii(safe)).isTrue();
                                        assertThat(StackSafeName.of(safe))
                                                .as("idempotent, seed %d", SEED)
                                                .isEqualTo(safe);
                                    });
                        });
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
