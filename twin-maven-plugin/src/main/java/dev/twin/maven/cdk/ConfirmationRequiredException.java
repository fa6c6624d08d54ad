package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/** Destroying a production stack needs the stack name typed back as confirmation. */
public final class ConfirmationRequiredException extends TwinException implements UserMistake {

    private final String stackName;
    private final String given;

    public ConfirmationRequiredException(String stackName, String given) {
        super(
                (given == null || given.isBlank()
                                ? "Destroying production stack " + stackName + " needs confirmation"
                                : "Confirmation '"
                                        + given
                                        + "' does not match the production stack "
                                        + stackName)
                        + " — run again with -Dtwin.confirm="
                        + stackName);
        this.stackName = stackName;
        this.given = given;
    }

    public String stackName() {
        return stackName;
    }

    public String given() {
        return given;
    }
}
