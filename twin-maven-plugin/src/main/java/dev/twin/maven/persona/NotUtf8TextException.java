package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** A persona text file is binary or not UTF-8. */
public final class NotUtf8TextException extends TwinException implements UserMistake {

    private final Path path;

    public NotUtf8TextException(Path path, String what) {
        super(
                path
                        + " is not UTF-8 text ("
                        + what
                        + ") — save it as UTF-8 plain text; for a document, "
                        + "export it as PDF and put the .pdf in the persona directory instead");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
