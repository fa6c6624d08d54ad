package dev.twin.maven.core;

/** A service endpoint override is not an absolute http(s) URL. */
public final class InvalidEndpointException extends TwinException implements UserMistake {

    private final String value;

    public InvalidEndpointException(AwsService service, String value) {
        super(
                "Invalid endpoint for "
                        + service.name().toLowerCase(java.util.Locale.ROOT)
                        + ": '"
                        + value
                        + "' — give an absolute URL such as http://127.0.0.1:9000 (-Dtwin.endpoint."
                        + service.name().toLowerCase(java.util.Locale.ROOT)
                        + ")");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
