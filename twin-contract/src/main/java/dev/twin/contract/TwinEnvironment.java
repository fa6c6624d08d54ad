package dev.twin.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A deployment environment of a twin: one stack per twin and environment. */
public enum TwinEnvironment {
    DEV("dev"),
    STAGING("staging"),
    PROD("prod");

    private final String id;

    TwinEnvironment(String id) {
        this.id = id;
    }

    /** The lower-case id used in stack names, tags, paths and CDK context. */
    public String id() {
        return id;
    }

    /**
     * Production keeps its data: nothing is emptied or deleted without an explicit confirmation.
     */
    public boolean isProtected() {
        return this == PROD;
    }

    /**
     * Parses {@code dev|staging|prod} (case-insensitive, surrounding blanks ignored); anything
     * else, blank or null throws {@link UnknownEnvironmentException} naming the value and the
     * choices.
     */
    public static TwinEnvironment parse(String value) {
        if (value != null) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            for (TwinEnvironment e : values()) {
                if (e.id.equals(v)) {
                    return e;
                }
            }
        }
        throw new UnknownEnvironmentException(value);
    }

    /** The accepted ids, for messages: {@code dev, staging, prod}. */
    public static String allowed() {
        return Arrays.stream(values()).map(TwinEnvironment::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
