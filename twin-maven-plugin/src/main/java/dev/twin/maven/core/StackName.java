package dev.twin.maven.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The CloudFormation stack of one twin in one environment; named and validated the way
 * DigitalTwinStack does ({@code twin-<twinName>-<env>}, twin name 1-24 lower-case letters, digits
 * and single inner hyphens).
 */
public record StackName(String twinName, TwinEnvironment env) {

    private static final Pattern TWIN_NAME =
            Pattern.compile("[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,23}");

    public StackName {
        Objects.requireNonNull(env, "env");
        if (twinName == null || !TWIN_NAME.matcher(twinName).matches()) {
            throw new InvalidTwinNameException(String.valueOf(twinName));
        }
    }

    /** The stack name, e.g. {@code twin-ana-dev}. */
    public String value() {
        return "twin-" + twinName + "-" + env.id();
    }

    @Override
    public String toString() {
        return value();
    }
}
