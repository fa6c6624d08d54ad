package dev.twin.runtime.adapter.local;

import dev.twin.runtime.chat.Persona;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Adapter: the persona from a local directory. It is cached; at most once per revalidation interval
 * the directory listing is compared (names, sizes, modification times) and the files are re-read
 * only when that changed. An edit is live within the interval, without a restart.
 */
public final class LocalPersonaSource implements PersonaSource {

    private final Path dir;
    private final Duration revalidateEvery;
    private final Clock clock;

    private volatile Persona cached;
    private volatile Instant nextCheck = Instant.MIN;
    private Map<String, String> fingerprint = Map.of();

    public LocalPersonaSource(Path dir, Duration revalidateEvery, Clock clock) {
        this.dir = dir.toAbsolutePath().normalize();
        this.revalidateEvery = Objects.requireNonNull(revalidateEvery, "revalidateEvery");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Persona current() {
        Persona p = cached;
        if (p != null && clock.instant().isBefore(nextCheck)) {
            return p;
        }
        return revalidate();
    }

    @Override
    public String describe() {
        return "local directory " + dir;
    }

    private synchronized Persona revalidate() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(nextCheck)) {
            return cached; // another thread revalidated while this one waited
        }
        try {
            Map<String, String> seen = listing();
            if (cached == null || !seen.equals(fingerprint)) {
                Persona loaded = load(seen);
                cached = loaded;
                fingerprint = seen;
            }
        } catch (PersonaUnavailableException | IOException e) {
            if (cached == null) {
                throw e instanceof PersonaUnavailableException pue
                        ? pue
                        : new PersonaUnavailableException(
                                "cannot read the persona directory " + dir + ": " + e, e);
            }
            // keep answering with the last good persona; the operator sees why the edit is not live
            Log.warn("persona_reload_failed", e.getMessage());
        }
        nextCheck = now.plus(revalidateEvery);
        return cached;
    }

    /** name -> "size/mtime" of every persona file: a cheap stat of the directory. */
    private Map<String, String> listing() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Persona.isPersonaFile(name)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    out.put(name, a.size() + "/" + a.lastModifiedTime().toMillis());
                }
            }
        } catch (NoSuchFileException e) {
            throw new PersonaUnavailableException(
                    "the persona directory "
                            + dir
                            + " does not exist; create it with a me.txt, or set TWIN_PERSONA_DIR",
                    e);
        }
        return out;
    }

    private Persona load(Map<String, String> names) throws IOException {
        if (!names.containsKey(Persona.ME)) {
            throw new PersonaUnavailableException(
                    "the persona directory "
                            + dir
                            + " has no "
                            + Persona.ME
                            + "; write a few paragraphs about yourself there in the first person",
                    null);
        }
        Map<String, String> files = new TreeMap<>();
        for (String name : names.keySet()) {
            files.put(name, PersonaText.decode(Files.readAllBytes(dir.resolve(name))));
        }
        try {
            return new Persona(files);
        } catch (IllegalArgumentException e) {
            throw new PersonaUnavailableException(
                    dir.resolve(Persona.ME)
                            + " is empty; write a few paragraphs"
                            + " about yourself there in the first person",
                    e);
        }
    }

    /** UTF-8 text without a byte-order mark (Windows editors add one). */
    static final class PersonaText {
        private PersonaText() {}

        static String decode(byte[] bytes) {
            String s = new String(bytes, StandardCharsets.UTF_8);
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        }
    }
}
