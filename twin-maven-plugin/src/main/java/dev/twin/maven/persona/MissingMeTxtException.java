package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** The persona directory has no me.txt, the one required file. */
public final class MissingMeTxtException extends TwinException implements UserMistake {

    private final Path path;

    public MissingMeTxtException(Path path) {
        super(
                "Persona has no me.txt: "
                        + path
                        + " is missing — write a few paragraphs about yourself in it "
                        + "(who you are, what you do, how you speak)");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
