package dev.twin.contract;

/** The environment name is not one of {@link TwinEnvironment#allowed()}. */
public final class UnknownEnvironmentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String value;

    public UnknownEnvironmentException(String value) {
        super(
                (value == null || value.isBlank()
                                ? "No environment given"
                                : "Unknown environment '" + value + "'")
                        + " — use one of "
                        + TwinEnvironment.allowed());
        this.value = value;
    }

    /** The value given (may be null or blank). */
    public String value() {
        return value;
    }
}
