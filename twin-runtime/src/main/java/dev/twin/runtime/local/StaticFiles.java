package dev.twin.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the site's static files from a directory or from classpath resources, refusing anything
 * that could leave the site root: {@code ..}, hidden names, backslashes, NUL, and symlinks that
 * point outside the directory.
 */
final class StaticFiles {

    /** Where the {@code twin-site} jar keeps its files. */
    static final String CLASSPATH_ROOT = "twin-site/";

    private static final Map<String, String> TYPES =
            Map.ofEntries(
                    Map.entry("html", "text/html; charset=utf-8"),
                    Map.entry("htm", "text/html; charset=utf-8"),
                    Map.entry("js", "text/javascript; charset=utf-8"),
                    Map.entry("mjs", "text/javascript; charset=utf-8"),
                    Map.entry("css", "text/css; charset=utf-8"),
                    Map.entry("json", "application/json; charset=utf-8"),
                    Map.entry("map", "application/json; charset=utf-8"),
                    Map.entry("txt", "text/plain; charset=utf-8"),
                    Map.entry("md", "text/markdown; charset=utf-8"),
                    Map.entry("svg", "image/svg+xml"),
                    Map.entry("png", "image/png"),
                    Map.entry("jpg", "image/jpeg"),
                    Map.entry("jpeg", "image/jpeg"),
                    Map.entry("gif", "image/gif"),
                    Map.entry("webp", "image/webp"),
                    Map.entry("avif", "image/avif"),
                    Map.entry("ico", "image/x-icon"),
                    Map.entry("woff", "font/woff"),
                    Map.entry("woff2", "font/woff2"),
                    Map.entry("webmanifest", "application/manifest+json"),
                    Map.entry("xml", "application/xml"),
                    Map.entry("pdf", "application/pdf"));

    /** A file found: its bytes and content type. */
    record Found(byte[] bytes, String contentType) {}

    private final Path root;
    private final Path realRoot;
    private final ClassLoader loader;

    /**
     * @param siteDir the directory, or {@code null} for the classpath {@code twin-site/} resources
     */
    StaticFiles(Path siteDir, ClassLoader loader) throws IOException {
        this.root = siteDir == null ? null : siteDir.toAbsolutePath().normalize();
        this.realRoot = root == null ? null : root.toRealPath();
        this.loader = loader;
    }

    /**
     * Whether there is anything to serve at all (a directory, or an index.html on the classpath).
     */
    boolean available() {
        return root != null || loader.getResource(CLASSPATH_ROOT + "index.html") != null;
    }

    String describe() {
        return root != null
                ? "directory " + root
                : available() ? "classpath " + CLASSPATH_ROOT : "none";
    }

    /**
     * Whether the site root holds this file (used for config.json, which is generated otherwise).
     */
    boolean hasFile(String relative) {
        try {
            return root != null && lookup(relative) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The file for a decoded request path such as {@code /} or {@code /css/app.css}, or {@code
     * null} when there is none or the path is not acceptable.
     */
    Found find(String decodedPath) throws IOException {
        String relative = relativePath(decodedPath);
        if (relative == null) {
            return null;
        }
        byte[] bytes = lookup(relative);
        return bytes == null ? null : new Found(bytes, contentType(relative));
    }

    /** {@code null} when the path tries to escape or names a hidden file. */
    static String relativePath(String decodedPath) {
        if (decodedPath == null
                || !decodedPath.startsWith("/")
                || decodedPath.indexOf('\0') >= 0
                || decodedPath.indexOf('\\') >= 0
                || decodedPath.length() > 1024) {
            return null;
        }
        String p = decodedPath.substring(1);
        if (p.isEmpty() || p.endsWith("/")) {
            p = p + "index.html";
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.indexOf(':') >= 0) {
                return null;
            }
        }
        return p;
    }

    private byte[] lookup(String relative) throws IOException {
        if (root == null) {
            try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + relative)) {
                return in == null ? null : in.readAllBytes();
            }
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        if (!file.toRealPath().startsWith(realRoot)) {
            return null; // a symlink out of the site
        }
        return Files.readAllBytes(file);
    }

    static String contentType(String relative) {
        int dot = relative.lastIndexOf('.');
        String ext = dot < 0 ? "" : relative.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
