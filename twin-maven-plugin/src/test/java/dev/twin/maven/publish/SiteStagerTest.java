package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteStagerTest {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
    private static final SiteConfig CONFIG =
            new SiteConfig(null, "Ada", null, null, List.of("Who are you?"));

    @TempDir Path source;

    @TempDir Path build;

    @Test
    void stageDirectory_leavesFilesWithUnchangedBytesAlone_timesIncluded() throws Exception {
        // Given a staged site whose staged files were last written long ago
        write(source, "index.html", "<!doctype html>", LONG_AGO);
        write(source, "assets/app.js", "let a", LONG_AGO);
        Path staged = SiteStager.stageDirectory(source, CONFIG, build.resolve("site"));
        for (String key : List.of("index.html", "assets/app.js", "config.json")) {
            Files.setLastModifiedTime(
                    staged.resolve(key), FileTime.from(LONG_AGO.minusSeconds(60)));
        }

        // When staging again with nothing changed (the sources touched, their bytes the same)
        Files.setLastModifiedTime(source.resolve("index.html"), FileTime.from(Instant.now()));
        SiteStager.stageDirectory(source, CONFIG, staged);

        // Then no file was rewritten
        for (String key : List.of("index.html", "assets/app.js", "config.json")) {
            assertThat(Files.getLastModifiedTime(staged.resolve(key)))
                    .as(key)
                    .isEqualTo(FileTime.from(LONG_AGO.minusSeconds(60)));
        }
        assertThat(tree(staged)).containsOnlyKeys("index.html", "assets/app.js", "config.json");
    }

    @Test
    void stageDirectory_copiesAFileRewrittenWithTheSameSizeAndTime_asToolsThatPinTimesDo()
            throws Exception {
        // Given a staged file, then its source rewritten at the same size with its time pinned
        write(source, "index.html", "<!doctype html>", LONG_AGO);
        Path staged = SiteStager.stageDirectory(source, CONFIG, build.resolve("site"));
        write(source, "index.html", "<!DOCTYPE HTML>", LONG_AGO);

        // When
        SiteStager.stageDirectory(source, CONFIG, staged);

        // Then the bytes were compared, the file copied, and its staged time is new (so the hash
        // cache re-hashes it)
        assertThat(Files.readString(staged.resolve("index.html"))).isEqualTo("<!DOCTYPE HTML>");
        assertThat(Files.getLastModifiedTime(staged.resolve("index.html")))
                .isNotEqualTo(FileTime.from(LONG_AGO));
    }

    @Test
    void stageDirectory_copiesChangedFiles_deletesRemovedOnes_andRewritesAChangedConfig()
            throws Exception {
        // Given a staged site
        write(source, "index.html", "<!doctype html>", LONG_AGO);
        write(source, "old.css", "p{}", LONG_AGO);
        write(source, "img/a.png", "png", LONG_AGO);
        Path staged = SiteStager.stageDirectory(source, CONFIG, build.resolve("site"));

        // When one file is edited at the same size, one removed, a directory replaced by a file,
        // the config changed
        write(source, "index.html", "<!DOCTYPE HTML>", LONG_AGO.plusSeconds(5));
        Files.delete(source.resolve("old.css"));
        Files.delete(source.resolve("img/a.png"));
        Files.delete(source.resolve("img"));
        write(source, "img", "now a file", LONG_AGO);
        SiteConfig renamed = new SiteConfig(null, "Grace", null, null, List.of());
        SiteStager.stageDirectory(source, renamed, staged);

        // Then the staged tree is the source plus the new config.json
        assertThat(tree(staged)).containsOnlyKeys("index.html", "img", "config.json");
        assertThat(Files.readString(staged.resolve("index.html"))).isEqualTo("<!DOCTYPE HTML>");
        assertThat(Files.readString(staged.resolve("img"))).isEqualTo("now a file");
        assertThat(Files.readString(staged.resolve("config.json"))).isEqualTo(renamed.toJson());
    }

    @Test
    void stageBundled_recopiesAJarEntryChangedWithTheSameSizeAndTime_asReproducibleBuildsMakeThem()
            throws Exception {
        // Given a page staged from a jar whose entries all carry one fixed time
        Path jar1 = jar("site-1.jar", Map.of("index.html", "<!doctype html>", "app.js", "let a"));
        Path staged = stageBundled(jar1, null);
        FileTime stagedTime = Files.getLastModifiedTime(staged.resolve("app.js"));

        // When a newer jar has other bytes of the same size at the same entry time
        Path jar2 = jar("site-2.jar", Map.of("index.html", "<!doctype html>", "app.js", "let b"));
        Files.setLastModifiedTime(staged.resolve("index.html"), FileTime.from(LONG_AGO));
        stageBundled(jar2, null);

        // Then the changed file is copied, with a new time (so the hash cache sees it), and the
        // same one is not
        assertThat(Files.readString(staged.resolve("app.js"))).isEqualTo("let b");
        assertThat(Files.getLastModifiedTime(staged.resolve("app.js")))
                .isNotEqualTo(FileTime.from(LONG_AGO));
        assertThat(stagedTime).isNotEqualTo(FileTime.from(LONG_AGO));
        assertThat(Files.getLastModifiedTime(staged.resolve("index.html")))
                .isEqualTo(FileTime.from(LONG_AGO));
    }

    @Test
    void stageBundled_overridesWin_andRemovingAnOverrideBringsTheBundledFileBack()
            throws Exception {
        // Given the bundled page and an override of its avatar
        Path jar = jar("site.jar", Map.of("index.html", "<!doctype html>", "avatar.svg", "<svg/>"));
        Path overrides = build.resolve("overrides");
        write(overrides, "avatar.svg", "<svg id=me/>", LONG_AGO);
        write(overrides, "extra/cv.pdf", "%PDF", LONG_AGO);
        Path staged = stageBundled(jar, overrides);
        assertThat(Files.readString(staged.resolve("avatar.svg"))).isEqualTo("<svg id=me/>");

        // When the overrides go away
        Files.delete(overrides.resolve("avatar.svg"));
        Files.delete(overrides.resolve("extra/cv.pdf"));
        stageBundled(jar, overrides);

        // Then
        assertThat(tree(staged)).containsOnlyKeys("index.html", "avatar.svg", "config.json");
        assertThat(Files.readString(staged.resolve("avatar.svg"))).isEqualTo("<svg/>");
    }

    @Test
    void stageDirectory_ofAMissingDirectory_namesIt_andTouchesNothing() throws Exception {
        Path staged = build.resolve("site");
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("keep.html"), "x");

        assertThatThrownBy(() -> SiteStager.stageDirectory(source.resolve("nope"), CONFIG, staged))
                .isInstanceOf(SiteDirNotFoundException.class)
                .hasMessageContaining(source.resolve("nope").toString());
        assertThat(staged.resolve("keep.html")).exists();
    }

    private Path stageBundled(Path jar, Path overrides) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            return SiteStager.stageBundled(loader, overrides, CONFIG, build.resolve("site"));
        }
    }

    private Path jar(String name, Map<String, String> files) throws Exception {
        Path jar = build.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (var f : new TreeMap<>(files).entrySet()) {
                JarEntry entry = new JarEntry(SiteStager.BUNDLED_ROOT + f.getKey());
                entry.setLastModifiedTime(FileTime.from(LONG_AGO));
                out.putNextEntry(entry);
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void write(Path root, String key, String content, Instant modified)
            throws Exception {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files;
    }
}
