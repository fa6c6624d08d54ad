package dev.twin.maven.core;

import java.util.Locale;

/** The deployment environment of a twin; one stack per twin and environment. */
public enum TwinEnvironment {
    DEV,
    STAGING,
    PROD;

    /** Parses {@code dev|staging|prod} (case-insensitive, surrounding blanks ignored). */
    public static TwinEnvironment parse(String value) {
        if (value == null || value.isBlank()) {
            throw new UnknownEnvironmentException(String.valueOf(value));
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "dev" -> DEV;
            case "staging" -> STAGING;
            case "prod" -> PROD;
            default -> throw new UnknownEnvironmentException(value);
        };
    }

    /** The lower-case name used in stack names, paths and CDK context. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Production keeps its data: nothing is emptied or deleted without an explicit confirmation.
     */
    public boolean isProtected() {
        return this == PROD;
    }

    @Override
    public String toString() {
        return id();
    }
}
