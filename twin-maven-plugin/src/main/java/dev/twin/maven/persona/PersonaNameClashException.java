package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/**
 * A PDF's text would overwrite a text file of the same name ({@code cv.pdf} and {@code cv.txt}).
 */
public final class PersonaNameClashException extends TwinException implements UserMistake {

    private final Path pdf;

    public PersonaNameClashException(Path pdf, String textName) {
        super(
                pdf
                        + " would be uploaded as "
                        + textName
                        + ", which also exists — rename one of them");
        this.pdf = pdf;
    }

    public Path pdf() {
        return pdf;
    }
}
