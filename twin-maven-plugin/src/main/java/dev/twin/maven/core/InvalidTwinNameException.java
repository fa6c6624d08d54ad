package dev.twin.maven.core;

/** The twin name cannot be part of a CloudFormation stack name. */
public final class InvalidTwinNameException extends TwinException {

    private final String value;

    public InvalidTwinNameException(String value) {
        super("Invalid twin name '" + value + "' — use letters, digits and hyphens, starting with a letter, "
                + "at most 100 characters (set <twinName> or -Dtwin.name)");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
