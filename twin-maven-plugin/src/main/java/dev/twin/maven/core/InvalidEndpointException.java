package dev.twin.maven.core;

import java.util.Locale;

/** A service endpoint override is not an absolute http(s) URL. */
public final class InvalidEndpointException extends TwinException implements UserMistake {

    private final String value;

    public InvalidEndpointException(AwsService service, String value) {
        super(
                "Invalid endpoint for "
                        + service.name().toLowerCase(Locale.ROOT)
                        + ": '"
                        + value
                        + "' — give an absolute URL such as http://127.0.0.1:9000 (-Dtwin.endpoint."
                        + service.name().toLowerCase(Locale.ROOT)
                        + ")");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
