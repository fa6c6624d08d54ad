package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** facts.json does not parse as JSON. */
public final class InvalidFactsJsonException extends TwinException implements UserMistake {

    private final Path path;

    public InvalidFactsJsonException(Path path, int line, int column, String problem) {
        super(
                path
                        + " is not valid JSON at line "
                        + line
                        + ", column "
                        + column
                        + ": "
                        + problem
                        + " — fix it (e.g. check commas and quotes) or remove the file");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
