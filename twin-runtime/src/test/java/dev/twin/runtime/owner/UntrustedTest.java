package dev.twin.runtime.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tool arguments are untrusted: addresses are length- and syntax-checked, text is capped and made
 * plain. Generated cases use a seeded generator ({@code -Dtwin.seed=} reproduces a failure).
 */
class UntrustedTest {

    private static final long SEED = Long.getLong("twin.seed", System.nanoTime());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ana@example.com",
                "ana.quill+twin@mail.example.co.uk",
                "o'brien@example.ie",
                "x@y.io"
            })
    void email_plausibleAddresses_areAccepted(String email) {
        assertThat(Untrusted.email("  " + email + "\n")).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ana",
                "ana@",
                "@example.com",
                "ana@example",
                "ana@@example.com",
                "ana..quill@example.com",
                ".ana@example.com",
                "ana@-example.com",
                "ana quill@example.com",
                "ana@example.com\r\nBcc: all@example.com",
                "<script>@example.com",
                "ana@example.com<script>",
                "ana@exa_mple.com",
                "ana@127.0.0.1"
            })
    void email_implausibleAddresses_areAToolError(String email) {
        assertThatThrownBy(() -> Untrusted.email(email))
                .isInstanceOf(InvalidToolArgumentException.class)
                .hasMessageContaining("e-mail address");
    }

    @TestFactory
    Stream<DynamicTest> email_generated_validAcceptedAndEachMutationRefused() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String local =
                    word(random, "abcdefghijklmnopqrstuvwxyz0123456789", 1 + random.nextInt(20));
            String domain = word(random, "abcdefghijklmnopqrstuvwxyz", 1 + random.nextInt(20));
            String valid = local + "@" + domain + ".com";
            String tooLong = local + "@" + "a".repeat(250) + ".com";
            String noAt = valid.replace("@", "");
            String space = valid.replace("@", " @");
            tests.add(
                    DynamicTest.dynamicTest(
                            "seed " + SEED + " #" + i + " " + valid,
                            () -> {
                                assertThat(Untrusted.email(valid)).isEqualTo(valid);
                                for (String bad : List.of(tooLong, noAt, space)) {
                                    assertThatThrownBy(() -> Untrusted.email(bad))
                                            .as("seed %d: %s", SEED, bad)
                                            .isInstanceOf(InvalidToolArgumentException.class);
                                }
                            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> text_generated_isCappedAndPlain() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED + 1);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int length = random.nextInt(2 * Untrusted.MAX_NOTE);
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < length; j++) {
                b.appendCodePoint(
                        random.nextInt(5) == 0 ? random.nextInt(32) : 32 + random.nextInt(0x2FF));
            }
            String raw = b.toString();
            tests.add(
                    DynamicTest.dynamicTest(
                            "seed " + SEED + " #" + i,
                            () -> {
                                String text;
                                try {
                                    text = Untrusted.optionalText("note", raw, Untrusted.MAX_NOTE);
                                } catch (InvalidToolArgumentException e) {
                                    assertThat(raw.strip().length())
                                            .as("seed %d", SEED)
                                            .isGreaterThan(Untrusted.MAX_NOTE);
                                    return;
                                }
                                if (text != null) {
                                    assertThat(text.length())
                                            .isLessThanOrEqualTo(Untrusted.MAX_NOTE);
                                    assertThat(text.codePoints().noneMatch(Character::isISOControl))
                                            .as("seed %d: no control characters", SEED)
                                            .isTrue();
                                }
                            }));
        }
        return tests.stream();
    }

    @ParameterizedTest
    @ValueSource(ints = {Untrusted.MAX_NAME + 1, 10_000})
    void text_overTheCap_isAToolErrorSayingToSummarise(int length) {
        assertThatThrownBy(() -> Untrusted.text("name", "x".repeat(length), Untrusted.MAX_NAME))
                .isInstanceOf(InvalidToolArgumentException.class)
                .hasMessageContaining("summarise");
    }

    private static String word(RandomGenerator random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
