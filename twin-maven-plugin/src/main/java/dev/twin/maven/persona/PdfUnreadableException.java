package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** A PDF in the persona directory cannot be turned into text. */
public final class PdfUnreadableException extends TwinException implements UserMistake {

    private final Path path;

    public PdfUnreadableException(Path path, String reason) {
        super(
                "Cannot extract text from "
                        + path
                        + " ("
                        + reason
                        + ") — re-export the PDF (not a scan, "
                        + "not password-protected) or paste its text into a .txt file instead");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
