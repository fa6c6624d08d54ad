package dev.twin.maven.core;

/** The twin name cannot be part of a CloudFormation stack name. */
public final class InvalidTwinNameException extends TwinException implements UserMistake {

    private final String value;

    public InvalidTwinNameException(String value) {
        super(
                "Invalid twin name '"
                        + value
                        + "' — use 1-24 lower-case letters, digits and single hyphens, starting with a letter "
                        + "(e.g. jane-doe; set <twinName> or -Dtwin.name)");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
