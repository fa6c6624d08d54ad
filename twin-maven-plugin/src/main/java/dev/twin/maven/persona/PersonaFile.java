package dev.twin.maven.persona;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One persona file as it goes to the bucket: its name there, its UTF-8 text, and where it came
 * from.
 */
public record PersonaFile(String name, String text, Path source) {

    public PersonaFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }

    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return name.endsWith(".json")
                ? "application/json; charset=utf-8"
                : "text/plain; charset=utf-8";
    }
}
