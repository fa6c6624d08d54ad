package dev.twin.maven.core;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The first two links of the SDK's default credentials chain, read directly: the {@code
 * aws.accessKeyId} / {@code aws.secretAccessKey} (/ {@code aws.sessionToken}) system properties,
 * then the {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (/ {@code AWS_SESSION_TOKEN})
 * environment variables. When either pair is set the chain would stop there anyway; building it
 * first costs ~200 ms of class loading in a fresh JVM (every provider of the chain), which CI
 * builds, where keys come from the environment, would pay for every goal.
 */
final class EnvironmentCredentials {

    private EnvironmentCredentials() {}

    static Optional<AwsCredentials> from(Properties system, Map<String, String> env) {
        Optional<AwsCredentials> fromProperties =
                pair(
                        system.getProperty("aws.accessKeyId"),
                        system.getProperty("aws.secretAccessKey"),
                        system.getProperty("aws.sessionToken"));
        if (fromProperties.isPresent()) {
            return fromProperties;
        }
        return pair(
                env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"),
                env.get("AWS_SESSION_TOKEN"));
    }

    private static Optional<AwsCredentials> pair(String keyId, String secret, String token) {
        if (isBlank(keyId) || isBlank(secret)) {
            return Optional.empty();
        }
        return Optional.of(
                isBlank(token)
                        ? AwsBasicCredentials.create(keyId.strip(), secret.strip())
                        : AwsSessionCredentials.create(
                                keyId.strip(), secret.strip(), token.strip()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
