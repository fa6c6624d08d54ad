package dev.twin.maven.persona;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;

/** me.txt exists but holds nothing but blanks. */
public final class EmptyMeTxtException extends TwinException implements UserMistake {

    private final Path path;

    public EmptyMeTxtException(Path path) {
        super("me.txt is empty: " + path + " — write a few paragraphs about yourself in it");
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
