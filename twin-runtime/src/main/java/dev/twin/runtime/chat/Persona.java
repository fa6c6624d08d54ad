package dev.twin.runtime.chat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Value: the persona files by name ({@code me.txt}, {@code summary.txt}, {@code style.txt},
 * {@code facts.json}, any other {@code .txt}/{@code .md}), as text. {@code me.txt} is required.
 */
public record Persona(Map<String, String> files) {
  public static final String ME = "me.txt";

  public Persona {
    Objects.requireNonNull(files, "files");
    String me = files.get(ME);
    if (me == null || me.isBlank()) {
      throw new IllegalArgumentException("persona has no " + ME + " (or it is empty)");
    }
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  public String me() {
    return files.get(ME);
  }
}
