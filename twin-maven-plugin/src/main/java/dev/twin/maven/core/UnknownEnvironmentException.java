package dev.twin.maven.core;

/** The environment name is not one of dev, staging, prod. */
public final class UnknownEnvironmentException extends TwinException {

    private final String value;

    public UnknownEnvironmentException(String value) {
        super(
                "Unknown environment '"
                        + value
                        + "' — use one of dev, staging, prod (e.g. -Dtwin.env=dev)");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
