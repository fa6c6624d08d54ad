package dev.twin.contract;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The twin name rule and the default stack name, shared by the constructs (which create the stack)
 * and the plugin (which finds it).
 */
public final class TwinNames {
    private TwinNames() {}

    /** 1-24 lower-case letters, digits and single inner dashes, starting with a letter. */
    public static final Pattern TWIN_NAME =
            Pattern.compile("[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,23}");

    /** Whether {@code twinName} is usable in stack and resource names. */
    public static boolean isValidTwinName(String twinName) {
        return twinName != null && TWIN_NAME.matcher(twinName).matches();
    }

    /** The default stack name of a twin in an environment: {@code twin-<twinName>-<env>}. */
    public static String stackName(String twinName, TwinEnvironment env) {
        Objects.requireNonNull(env, "env");
        return "twin-" + twinName + "-" + env.id();
    }
}
