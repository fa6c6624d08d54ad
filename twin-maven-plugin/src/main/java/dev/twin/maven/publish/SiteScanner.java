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

/** Lists the files of a site directory (following links, refusing loops) with their content hashes. */
public final class SiteScanner {

    /** Editor and OS droppings never belong on a web site. */
    private static final Set<String> IGNORED = Set.of(".DS_Store", "Thumbs.db", "desktop.ini", ".git", ".svn");

    private SiteScanner() {}

    public static List<SiteFile> scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new SiteDirNotFoundException(root);
        }
        List<Path> paths = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && IGNORED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !IGNORED.contains(file.getFileName().toString())) {
                        paths.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        throw new SymlinkLoopException(file);
                    }
                    if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                        throw new SiteFileUnreadableException(file, "dangling symbolic link");
                    }
                    throw new SiteFileUnreadableException(file, e.toString());
                }
            });
        } catch (IOException e) {
            throw new SiteFileUnreadableException(root, e.toString());
        }
        // Hash in parallel: reading 1,000 small files is I/O-latency bound, not CPU bound.
        return paths.parallelStream()
                .map(path -> toSiteFile(root, path))
                .sorted(Comparator.comparing(SiteFile::key))
                .toList();
    }

    private static SiteFile toSiteFile(Path root, Path path) {
        String key = root.relativize(path).toString().replace('\\', '/');
        try {
            return new SiteFile(key, path, Files.size(path), Hashing.sha256(path));
        } catch (IOException e) {
            throw new SiteFileUnreadableException(path, e.toString());
        }
    }
}
