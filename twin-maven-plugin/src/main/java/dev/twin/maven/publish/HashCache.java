package dev.twin.maven.publish;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers each site file's SHA-256 by its size and modification time (as git's index and rsync
 * do), so that a republish of an unchanged site stats its files instead of reading them. The remote
 * side is still compared by hash: this only saves re-hashing local files that have not been
 * touched.
 */
public final class HashCache {

    /**
     * Files modified this close to the scan are not remembered: a write in the same clock tick
     * could go unseen.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private static final String HEADER = "twin-hash-cache 1 ";

    private record Entry(long size, long mtimeNanos, String sha256) {}

    private final Path root;
    private final Map<String, Entry> loaded;
    private final Map<String, Entry> seen = new ConcurrentHashMap<>();

    private HashCache(Path root, Map<String, Entry> loaded) {
        this.root = root;
        this.loaded = loaded;
    }

    /** A cache that remembers nothing (publishing without a cache file). */
    public static HashCache none() {
        return new HashCache(null, Map.of());
    }

    /**
     * The cache kept in {@code file} for the site at {@code root}; empty when the file is missing,
     * unreadable, for another root, or damaged (it is only a shortcut: at worst every file is
     * hashed again).
     */
    public static HashCache load(Path file, Path root) {
        Path absoluteRoot = root.toAbsolutePath().normalize();
        Map<String, Entry> entries = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER + absoluteRoot)) {
                return new HashCache(absoluteRoot, Map.of());
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(" ", 4);
                if (f.length != 4 || f[0].length() != 64) {
                    return new HashCache(absoluteRoot, Map.of());
                }
                entries.put(f[3], new Entry(Long.parseLong(f[1]), Long.parseLong(f[2]), f[0]));
            }
        } catch (NoSuchFileException e) {
            return new HashCache(absoluteRoot, Map.of());
        } catch (IOException | RuntimeException e) {
            return new HashCache(absoluteRoot, Map.of());
        }
        return new HashCache(absoluteRoot, entries);
    }

    /**
     * The remembered hash of the file at {@code key}, if its size and modification time are still
     * the same.
     */
    Optional<String> lookup(String key, long size, FileTime modified) {
        Entry e = loaded.get(key);
        if (e == null || e.size != size || e.mtimeNanos != nanos(modified)) {
            return Optional.empty();
        }
        seen.put(key, e);
        return Optional.of(e.sha256);
    }

    /** Notes the hash just computed for {@code key}. */
    void remember(String key, long size, FileTime modified, String sha256) {
        seen.put(key, new Entry(size, nanos(modified), sha256));
    }

    /**
     * Writes what this scan saw (and nothing of files gone since), unless it equals what was
     * loaded. Files modified within {@link #SETTLE} of {@code scanStart} are left out and hashed
     * again next time. The write goes through a temporary file and a rename, so a crash leaves the
     * old cache or the new one, never half of one.
     */
    public void save(Path file, Instant scanStart) {
        if (root == null) {
            return;
        }
        long settled = nanos(FileTime.from(scanStart.minus(SETTLE)));
        Map<String, Entry> keep = new TreeMap<>();
        seen.forEach(
                (key, e) -> {
                    // A newline in a file name would break the line format: such files are simply
                    // hashed each time.
                    if (e.mtimeNanos < settled && key.indexOf('\n') < 0 && key.indexOf('\r') < 0) {
                        keep.put(key, e);
                    }
                });
        if (unchanged(keep)) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp =
                    Files.createTempFile(
                            file.toAbsolutePath().getParent(),
                            file.getFileName().toString(),
                            ".tmp");
            try {
                try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    out.write(HEADER + root);
                    out.newLine();
                    for (Map.Entry<String, Entry> k : keep.entrySet()) {
                        Entry e = k.getValue();
                        out.write(e.sha256 + " " + e.size + " " + e.mtimeNanos + " " + k.getKey());
                        out.newLine();
                    }
                }
                try {
                    Files.move(
                            temp,
                            file,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // Only a shortcut is lost: the next publish hashes every file again.
        }
    }

    /**
     * Whether {@code keep} is what was loaded. A hit stores the loaded entry itself, so identity
     * suffices (and avoids a record equals, whose first call bootstraps an invokedynamic call site,
     * ~20 ms in a fresh JVM).
     */
    private boolean unchanged(Map<String, Entry> keep) {
        if (keep.size() != loaded.size()) {
            return false;
        }
        for (Map.Entry<String, Entry> e : keep.entrySet()) {
            if (loaded.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Forgets everything cached in {@code file}. */
    public static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // An undeletable cache is still checked against size and time on the next run.
        }
    }

    private static long nanos(FileTime time) {
        return Objects.requireNonNull(time).to(TimeUnit.NANOSECONDS);
    }
}
