package dev.twin.cdk;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A deployment environment of a twin; decides what survives a stack deletion. */
public enum TwinEnvironment {
    DEV("dev"),
    STAGING("staging"),
    PROD("prod");

    private final String id;

    TwinEnvironment(String id) {
        this.id = id;
    }

    /**
     * The lowercase id used in names, tags and context ({@code dev}, {@code staging}, {@code
     * prod}).
     */
    public String id() {
        return id;
    }

    /** Parses an id; empty when it is not one of {@link #allowed()}. */
    public static Optional<TwinEnvironment> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(v)).findFirst();
    }

    /** The accepted ids, for error messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(TwinEnvironment::id).collect(Collectors.joining(", "));
    }
}
