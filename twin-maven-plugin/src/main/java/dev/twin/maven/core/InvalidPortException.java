package dev.twin.maven.core;

/** The port for the local twin is out of range. */
public final class InvalidPortException extends TwinException implements UserMistake {

    private final int port;

    public InvalidPortException(int port) {
        super(
                "Port "
                        + port
                        + " is not a TCP port — use 1-65535, or 0 for any free port (-Dtwin.port=8080)");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
