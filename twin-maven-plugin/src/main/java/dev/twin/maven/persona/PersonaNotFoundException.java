package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** The persona directory does not exist. */
public final class PersonaNotFoundException extends TwinException implements UserMistake {

    private final Path path;

    public PersonaNotFoundException(Path path) {
        super(
                "<personaDir> does not exist: "
                        + path
                        + " — create it with a me.txt, or set -Dtwin.personaDir");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
