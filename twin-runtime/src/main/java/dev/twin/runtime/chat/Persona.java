package dev.twin.runtime.chat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Value: the persona files by name ({@code me.txt}, {@code summary.txt}, {@code style.txt}, {@code
 * facts.json}, any other {@code .txt}/{@code .md}), as text. {@code me.txt} is required.
 */
public record Persona(Map<String, String> files) {
    public static final String ME = "me.txt";
    public static final String SUMMARY = "summary.txt";
    public static final String STYLE = "style.txt";
    public static final String FACTS = "facts.json";

    /** Well-known files in prompt order; any other persona file follows, sorted by name. */
    private static final List<String> KNOWN_ORDER = List.of(ME, SUMMARY, STYLE, FACTS);

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

    /**
     * Whether a file (a bare name, relative to the persona directory or S3 prefix) is part of the
     * persona: {@code me.txt}, {@code summary.txt}, {@code style.txt}, {@code facts.json} and any
     * other {@code .txt} or {@code .md}. Hidden files ({@code .DS_Store}, editor swap files), names
     * in sub-folders, and originals such as {@code linkedin.pdf} (its text goes to {@code
     * linkedin.txt}) are not. Shared by every {@code PersonaSource} so local and S3 twins fold the
     * same files.
     */
    public static boolean isPersonaFile(String name) {
        if (name == null
                || name.isEmpty()
                || name.startsWith(".")
                || name.indexOf('/') >= 0
                || name.indexOf('\\') >= 0
                || name.endsWith("~")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(FACTS)
                || (lower.endsWith(".txt") && lower.length() > 4)
                || (lower.endsWith(".md") && lower.length() > 3);
    }

    /**
     * The files in prompt order: me, summary, style, facts, then the rest by name. Blank files are
     * left out.
     */
    public List<Map.Entry<String, String>> orderedFiles() {
        List<Map.Entry<String, String>> out = new ArrayList<>(files.size());
        for (String known : KNOWN_ORDER) {
            String text = files.get(known);
            if (text != null && !text.isBlank()) {
                out.add(Map.entry(known, text));
            }
        }
        List<String> others = new ArrayList<>();
        for (String n : files.keySet()) {
            if (!KNOWN_ORDER.contains(n)) {
                others.add(n);
            }
        }
        Collections.sort(others);
        for (String n : others) {
            String text = files.get(n);
            if (!text.isBlank()) {
                out.add(Map.entry(n, text));
            }
        }
        return out;
    }
}
