package dev.twin.maven.publish;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** The site directory to publish does not exist or is not a directory. */
public final class SiteDirNotFoundException extends TwinException implements UserMistake {

    private final Path path;

    public SiteDirNotFoundException(Path path) {
        super(
                "Site directory does not exist: "
                        + path
                        + " — build your site first (e.g. `npm run build`) or set -Dtwin.siteDir to its output directory");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
