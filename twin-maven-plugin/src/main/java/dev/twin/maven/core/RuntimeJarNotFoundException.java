package dev.twin.maven.core;

import java.nio.file.Path;

/** The runtime's jar (Lambda code and local server) does not exist. */
public final class RuntimeJarNotFoundException extends TwinException implements UserMistake {

    private final Path path;

    public RuntimeJarNotFoundException(Path path) {
        super(
                "The twin runtime jar does not exist: "
                        + path
                        + " — set -Dtwin.lambdaJar to a built "
                        + "twin-runtime-*-lambda.jar, or let the plugin resolve dev.twin:twin-runtime:jar:lambda");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
