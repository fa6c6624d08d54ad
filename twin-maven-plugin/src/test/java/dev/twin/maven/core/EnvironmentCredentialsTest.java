package dev.twin.maven.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Keys from system properties or the environment, in the SDK chain's order, without building the
 * chain.
 */
class EnvironmentCredentialsTest {

    private static final Properties NONE = new Properties();

    @Test
    void from_takesTheEnvironmentKeys_whenBothAreSet() {
        AwsCredentials c =
                EnvironmentCredentials.from(
                                NONE,
                                Map.of(
                                        "AWS_ACCESS_KEY_ID",
                                        "test-key-id",
                                        "AWS_SECRET_ACCESS_KEY",
                                        "test-secret"))
                        .orElseThrow();

        assertThat(c.accessKeyId()).isEqualTo("test-key-id");
        assertThat(c.secretAccessKey()).isEqualTo("test-secret");
        assertThat(c).isNotInstanceOf(AwsSessionCredentials.class);
    }

    @Test
    void from_carriesTheSessionToken() {
        AwsCredentials c =
                EnvironmentCredentials.from(
                                NONE,
                                Map.of(
                                        "AWS_ACCESS_KEY_ID",
                                        "test-key-id",
                                        "AWS_SECRET_ACCESS_KEY",
                                        "test-secret",
                                        "AWS_SESSION_TOKEN",
                                        "test-token"))
                        .orElseThrow();

        assertThat(c)
                .isInstanceOfSatisfying(
                        AwsSessionCredentials.class,
                        s -> assertThat(s.sessionToken()).isEqualTo("test-token"));
    }

    @Test
    void from_prefersSystemProperties_asTheSdkChainDoes() {
        Properties system = new Properties();
        system.setProperty("aws.accessKeyId", "prop-key-id");
        system.setProperty("aws.secretAccessKey", "prop-secret");

        AwsCredentials c =
                EnvironmentCredentials.from(
                                system,
                                Map.of(
                                        "AWS_ACCESS_KEY_ID",
                                        "env-key-id",
                                        "AWS_SECRET_ACCESS_KEY",
                                        "env-secret"))
                        .orElseThrow();

        assertThat(c.accessKeyId()).isEqualTo("prop-key-id");
    }

    @Test
    void from_isEmpty_withoutACompletePair_soTheFullChainDecides() {
        assertThat(EnvironmentCredentials.from(NONE, Map.of())).isEmpty();
        assertThat(EnvironmentCredentials.from(NONE, Map.of("AWS_ACCESS_KEY_ID", "test-key-id")))
                .isEmpty();
        assertThat(
                        EnvironmentCredentials.from(
                                NONE,
                                Map.of("AWS_ACCESS_KEY_ID", " ", "AWS_SECRET_ACCESS_KEY", "s")))
                .isEmpty();
        Properties half = new Properties();
        half.setProperty("aws.accessKeyId", "prop-key-id");
        assertThat(
                        EnvironmentCredentials.from(
                                        half,
                                        Map.of(
                                                "AWS_ACCESS_KEY_ID",
                                                "env-key-id",
                                                "AWS_SECRET_ACCESS_KEY",
                                                "env-secret"))
                                .orElseThrow()
                                .accessKeyId())
                .isEqualTo("env-key-id");
    }
}
