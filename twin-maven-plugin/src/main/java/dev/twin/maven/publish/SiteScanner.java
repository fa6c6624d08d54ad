package dev.twin.maven.publish;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the files of a site directory (following links, refusing loops) with their content hashes,
 * read from a {@link HashCache} for files whose size and modification time have not changed.
 */
public final class SiteScanner {

    /** Editor and OS droppings never belong on a web site. */
    private static final Set<String> IGNORED =
            Set.of(".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".svn");

    private static final Comparator<SiteFile> BY_KEY = (a, b) -> a.key().compareTo(b.key());

    private SiteScanner() {}

    public static List<SiteFile> scan(Path root) {
        return scan(root, HashCache.none());
    }

    public static List<SiteFile> scan(Path root, HashCache cache) {
        if (!Files.isDirectory(root)) {
            throw new SiteDirNotFoundException(root);
        }
        List<Found> found = new ArrayList<>();
        try {
            Files.walkFileTree(
                    root,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(root)
                                            && IGNORED.contains(dir.getFileName().toString())
                                    ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile()
                                    && !IGNORED.contains(file.getFileName().toString())) {
                                found.add(new Found(file, attrs.size(), attrs.lastModifiedTime()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e)
                                throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                throw new SymlinkLoopException(file);
                            }
                            if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                                throw new SiteFileUnreadableException(
                                        file, "dangling symbolic link");
                            }
                            throw new SiteFileUnreadableException(file, e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new SiteFileUnreadableException(root, e.toString());
        }
        // Cached hashes first, in this thread; only the rest is hashed, in parallel (reading 1,000
        // small files is
        // I/O-latency bound). An unchanged site so never starts the fork-join pool.
        List<SiteFile> files = new ArrayList<>(found.size());
        List<Found> misses = new ArrayList<>();
        for (Found f : found) {
            String key = key(root, f.path);
            var cached = cache.lookup(key, f.size, f.modified);
            if (cached.isPresent()) {
                files.add(new SiteFile(key, f.path, f.size, cached.get()));
            } else {
                misses.add(f);
            }
        }
        if (!misses.isEmpty()) {
            files.addAll(misses.parallelStream().map(f -> hash(root, f, cache)).toList());
        }
        files.sort(BY_KEY);
        return files;
    }

    private static SiteFile hash(Path root, Found f, HashCache cache) {
        String key = key(root, f.path);
        try {
            // Size and time from before the read: a write during the read changes them, so it is
            // caught next time.
            String sha256 = Hashing.sha256(f.path);
            cache.remember(key, f.size, f.modified, sha256);
            return new SiteFile(key, f.path, f.size, sha256);
        } catch (IOException e) {
            throw new SiteFileUnreadableException(f.path, e.toString());
        }
    }

    private static String key(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** A regular file as the walk saw it. */
    private record Found(Path path, long size, FileTime modified) {}
}
