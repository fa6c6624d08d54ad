package dev.twin.maven.core;

import dev.twin.contract.TwinEnvironment;
import dev.twin.contract.TwinNames;
import java.util.Objects;

/**
 * The CloudFormation stack of one twin in one environment, named and validated by {@link TwinNames}
 * as the constructs do ({@code twin-<twinName>-<env>}).
 */
public record StackName(String twinName, TwinEnvironment env) {

    public StackName {
        Objects.requireNonNull(env, "env");
        if (!TwinNames.isValidTwinName(twinName)) {
            throw new InvalidTwinNameException(String.valueOf(twinName));
        }
    }

    /** The stack name, e.g. {@code twin-ana-dev}. */
    public String value() {
        return TwinNames.stackName(twinName, env);
    }

    @Override
    public String toString() {
        return value();
    }
}
