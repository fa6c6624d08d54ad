package dev.twin.maven.publish;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** A symbolic link in the site directory points back to one of its parents. */
public final class SymlinkLoopException extends TwinException implements UserMistake {

    private final Path path;

    public SymlinkLoopException(Path path) {
        super(
                "Symbolic link loop in the site directory at "
                        + path
                        + " — the link points to one of its own parents; remove or replace it before publishing");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
