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
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Stages the site to publish or serve into one directory: the bundled {@code twin-site} (or a directory the user
 * names), the project's overrides on top, and a generated {@code config.json}.
 */
public final class SiteStager {

    /** Where the {@code twin-site} jar keeps the page. */
    public static final String BUNDLED_ROOT = "twin-site/";

    private SiteStager() {}

    /** Copies the bundled site from the class path, then the overrides (if the directory exists), then config.json. */
    public static Path stageBundled(ClassLoader classLoader, Path overridesDir, SiteConfig config, Path target) {
        reset(target);
        copyFromClassPath(classLoader, target);
        if (overridesDir != null && Files.isDirectory(overridesDir)) {
            copyTree(overridesDir, target);
        }
        writeConfig(config, target);
        return target;
    }

    /** Copies a user's site directory (a Next.js {@code out/}, a Vite {@code dist/}), then writes config.json. */
    public static Path stageDirectory(Path siteDir, SiteConfig config, Path target) {
        if (!Files.isDirectory(siteDir)) {
            throw new SiteDirNotFoundException(siteDir);
        }
        reset(target);
        copyTree(siteDir, target);
        writeConfig(config, target);
        return target;
    }

    private static void writeConfig(SiteConfig config, Path target) {
        try {
            Files.writeString(target.resolve(SiteConfig.FILE_NAME), config.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write config.json into " + target, e);
        }
    }

    private static void reset(Path target) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> walk = Files.walk(target)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + target, e);
        }
    }

    /** Copies a tree following links (a linked asset folder is common), refusing loops with a clear error. */
    static void copyTree(Path source, Path target) {
        try {
            Files.walkFileTree(source, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.copy(file, target.resolve(source.relativize(file).toString()),
                                StandardCopyOption.REPLACE_EXISTING);
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

    private static void copyFromClassPath(ClassLoader classLoader, Path target) {
        URL index = classLoader.getResource(BUNDLED_ROOT + "index.html");
        if (index == null) {
            throw new BundledSiteMissingException();
        }
        try {
            if ("jar".equals(index.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) index.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = new JarFile(Path.of(connection.getJarFileURL().toURI()).toFile())) {
                    for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (entry.isDirectory() || !name.startsWith(BUNDLED_ROOT) || name.contains("..")) {
                            continue;
                        }
                        Path out = target.resolve(name.substring(BUNDLED_ROOT.length()));
                        Files.createDirectories(out.getParent());
                        try (InputStream in = jar.getInputStream(entry)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                copyTree(Path.of(index.toURI()).getParent(), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the bundled twin-site from " + index, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Unexpected class path URL " + index, e);
        }
    }
}
