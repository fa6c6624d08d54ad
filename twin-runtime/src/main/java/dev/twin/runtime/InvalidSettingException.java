package dev.twin.runtime;

/** Thrown at startup when an environment variable has a value the runtime cannot use. */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String value;

    public InvalidSettingException(String name, String value, String fix) {
        super(name + "=" + value + " is not valid: " + fix);
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }
}
