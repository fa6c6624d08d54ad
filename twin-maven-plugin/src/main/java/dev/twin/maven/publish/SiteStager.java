package dev.twin.maven.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Stages the site to publish or serve into one directory: the bundled {@code twin-site} (or a
 * directory the user names), the project's overrides on top, and a generated {@code config.json}.
 * Staging is incremental: a staged file whose bytes equal its source's is left as it is, so an
 * unchanged site keeps its files' times; only the stager writes the staging directory.
 */
public final class SiteStager {

    /** Where the {@code twin-site} jar keeps the page. */
    public static final String BUNDLED_ROOT = "twin-site/";

    private SiteStager() {}

    /**
     * Copies the bundled site from the class path, then the overrides (if the directory exists),
     * then config.json.
     */
    public static Path stageBundled(
            ClassLoader classLoader, Path overridesDir, SiteConfig config, Path target) {
        Map<String, Source> wanted = new TreeMap<>();
        collectFromClassPath(classLoader, wanted);
        if (overridesDir != null && Files.isDirectory(overridesDir)) {
            collectTree(overridesDir, wanted);
        }
        sync(wanted, config, target);
        return target;
    }

    /**
     * Copies a user's site directory (a Next.js {@code out/}, a Vite {@code dist/}), then writes
     * config.json.
     */
    public static Path stageDirectory(Path siteDir, SiteConfig config, Path target) {
        if (!Files.isDirectory(siteDir)) {
            throw new SiteDirNotFoundException(siteDir);
        }
        Map<String, Source> wanted = new TreeMap<>();
        collectTree(siteDir, wanted);
        sync(wanted, config, target);
        return target;
    }

    /** One file to stage: where its bytes come from, and whether a staged copy is still current. */
    private interface Source {
        /** Whether {@code staged} (an existing regular file) already holds these bytes. */
        boolean isCurrent(Path staged) throws IOException;

        void copyTo(Path out) throws IOException;
    }

    /**
     * A file of a directory, compared by content: source times prove nothing (tools that pin them,
     * such as reproducible builds, rewrite files and keep their times), and comparing is cheaper
     * than hashing. A copy gets the time of copying, so the publisher's hash cache sees it changed.
     */
    private record FileSource(Path path, long size) implements Source {
        @Override
        public boolean isCurrent(Path staged) throws IOException {
            return Files.size(staged) == size && Files.mismatch(path, staged) == -1;
        }

        @Override
        public void copyTo(Path out) throws IOException {
            Files.copy(path, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * An entry of the twin-site jar, compared by content like a file (reproducible jars give every
     * entry one time).
     */
    private record JarSource(JarFile jar, JarEntry entry) implements Source {
        @Override
        public boolean isCurrent(Path staged) throws IOException {
            if (Files.size(staged) != entry.getSize()) {
                return false;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return Arrays.equals(in.readAllBytes(), Files.readAllBytes(staged));
            }
        }

        @Override
        public void copyTo(Path out) throws IOException {
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Makes {@code target} hold exactly {@code wanted} plus config.json, touching only what
     * differs.
     */
    private static void sync(Map<String, Source> wanted, SiteConfig config, Path target) {
        wanted.remove(SiteConfig.FILE_NAME);
        try {
            Files.createDirectories(target);
            removeUnwanted(target, wanted);
            for (Map.Entry<String, Source> w : wanted.entrySet()) {
                Path out = target.resolve(w.getKey());
                Source source = w.getValue();
                if (Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS) && source.isCurrent(out)) {
                    continue;
                }
                Files.createDirectories(out.getParent());
                source.copyTo(out);
            }
            writeConfig(config, target);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot stage the site into " + target + " (" + e.getMessage() + ")", e);
        } finally {
            closeJars(wanted);
        }
    }

    /**
     * Deletes staged files no source has any more, and whatever stands where a wanted file must go.
     */
    private static void removeUnwanted(Path target, Map<String, Source> wanted) throws IOException {
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(
                target,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(target) && wanted.containsKey(relative(target, dir))) {
                            stale.add(dir); // a directory where a file now goes
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String key = relative(target, file);
                        if (!attrs.isRegularFile()
                                || !wanted.containsKey(key) && !key.equals(SiteConfig.FILE_NAME)) {
                            stale.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        for (Path p : stale) {
            deleteTree(p);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(root);
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static void writeConfig(SiteConfig config, Path target) throws IOException {
        Path file = target.resolve(SiteConfig.FILE_NAME);
        byte[] json = config.toJson().getBytes(StandardCharsets.UTF_8);
        // Rewritten only when it changes, so its time (and the publisher's cached hash) stay put
        // otherwise.
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Arrays.equals(Files.readAllBytes(file), json)) {
            return;
        }
        Files.write(file, json);
    }

    /**
     * Lists a tree following links (a linked asset folder is common), refusing loops with a clear
     * error.
     */
    static void collectTree(Path source, Map<String, Source> into) {
        try {
            Files.walkFileTree(
                    source,
                    EnumSet.of(FileVisitOption.FOLLOW_LINKS),
                    Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile()) {
                                into.put(
                                        relative(source, file), new FileSource(file, attrs.size()));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (e instanceof FileSystemLoopException) {
                                throw new SymlinkLoopException(file);
                            }
                            throw new SiteFileUnreadableException(file, e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new SiteFileUnreadableException(source, e.toString());
        }
    }

    private static void collectFromClassPath(ClassLoader classLoader, Map<String, Source> into) {
        URL index = classLoader.getResource(BUNDLED_ROOT + "index.html");
        if (index == null) {
            throw new BundledSiteMissingException();
        }
        try {
            if ("jar".equals(index.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) index.openConnection();
                connection.setUseCaches(false);
                // Closed by sync() once the files are copied.
                JarFile jar = new JarFile(Path.of(connection.getJarFileURL().toURI()).toFile());
                for (JarEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (entry.isDirectory()
                            || !name.startsWith(BUNDLED_ROOT)
                            || name.contains("..")) {
                        continue;
                    }
                    into.put(name.substring(BUNDLED_ROOT.length()), new JarSource(jar, entry));
                }
            } else {
                collectTree(Path.of(index.toURI()).getParent(), into);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled twin-site from " + index, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unexpected class path URL " + index, e);
        }
    }

    private static void closeJars(Map<String, Source> sources) {
        sources.values().stream()
                .filter(JarSource.class::isInstance)
                .map(s -> ((JarSource) s).jar())
                .distinct()
                .forEach(
                        jar -> {
                            try {
                                jar.close();
                            } catch (IOException e) {
                                // read-only use: nothing to lose
                            }
                        });
    }
}
