package dev.twin.maven.publish;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** A file of the site cannot be read (permissions, a dangling link). */
public final class SiteFileUnreadableException extends TwinException implements UserMistake {

    private final Path path;

    public SiteFileUnreadableException(Path path, String reason) {
        super(
                "Cannot read "
                        + path
                        + " ("
                        + reason
                        + ") — fix its permissions or remove it from the site directory");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
