package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** No cloud assembly where the CLI is about to read one. */
public final class AssemblyMissingException extends TwinException implements UserMistake {

    private final Path cdkOut;

    public AssemblyMissingException(Path cdkOut) {
        super(
                "No cloud assembly at "
                        + cdkOut
                        + " (manifest.json missing) — run `mvn twin:synth` first");
        this.cdkOut = cdkOut;
    }

    public Path cdkOut() {
        return cdkOut;
    }
}
