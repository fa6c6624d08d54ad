package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import java.nio.file.Path;

/** The runtime's lambda jar to deploy does not exist. */
public final class LambdaJarNotFoundException extends TwinException {

    private final Path path;

    public LambdaJarNotFoundException(Path path) {
        super("The runtime's Lambda jar does not exist: " + path + " — set -Dtwin.lambdaJar to a built "
                + "twin-runtime-*-lambda.jar, or let the plugin resolve dev.twin:twin-runtime:jar:lambda");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
