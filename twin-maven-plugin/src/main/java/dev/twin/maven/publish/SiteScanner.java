package dev.twin.maven.publish;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the files of a site directory (following links, refusing loops) with their content hashes.
 */
public final class SiteScanner {

    /** Editor and OS droppings never belong on a web site. */
    private static final Set<String> IGNORED =
            Set.of(".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".svn");

    private static final Comparator<SiteFile> BY_KEY = (a, b) -> a.key().compareTo(b.key());

    private SiteScanner() {}

    public static List<SiteFile> scan(Path root) {
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
                                found.add(new Found(file, attrs.size()));
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
        // Reading 1,000 small files is I/O-latency bound: hashed in parallel.
        List<SiteFile> files =
                new ArrayList<>(found.parallelStream().map(f -> hash(root, f)).toList());
        files.sort(BY_KEY);
        return files;
    }

    private static SiteFile hash(Path root, Found f) {
        try {
            return new SiteFile(key(root, f.path), f.path, f.size, Hashing.sha256(f.path));
        } catch (IOException e) {
            throw new SiteFileUnreadableException(f.path, e.toString());
        }
    }

    private static String key(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** A regular file as the walk saw it. */
    private record Found(Path path, long size) {}
}
