package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashCacheTest {

    private static final String FAKE_HASH = "f".repeat(64);
    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir Path site;

    @TempDir Path build;

    private Path cacheFile;

    @BeforeEach
    void setUp() throws Exception {
        cacheFile = build.resolve("site-hashes.txt");
        write("index.html", "<!doctype html>", LONG_AGO);
        write("css/app.css", "body{}", LONG_AGO);
    }

    @Test
    void scan_takesTheHashFromTheCache_whenSizeAndTimeAreUnchanged() throws Exception {
        // Given a cache that says index.html has a hash its bytes do not have (so a hit is visible)
        rememberAndSave("index.html", FAKE_HASH);

        // When
        List<SiteFile> files = SiteScanner.scan(site, HashCache.load(cacheFile, site));

        // Then index.html was not read, app.css was hashed
        assertThat(hashOf(files, "index.html")).isEqualTo(FAKE_HASH);
        assertThat(hashOf(files, "css/app.css"))
                .isEqualTo(Hashing.sha256(site.resolve("css/app.css")));
    }

    @Test
    void scan_hashesAgain_whenTheTimeChanged_evenWithTheSameSize() throws Exception {
        // Given a cached hash, then the file rewritten with other bytes of the same size and a new
        // time
        rememberAndSave("index.html", FAKE_HASH);
        write("index.html", "<!DOCTYPE HTML>", LONG_AGO.plusSeconds(1));

        // When
        List<SiteFile> files = SiteScanner.scan(site, HashCache.load(cacheFile, site));

        // Then
        assertThat(hashOf(files, "index.html"))
                .isEqualTo(Hashing.sha256(site.resolve("index.html")));
    }

    @Test
    void scan_hashesAgain_whenTheSizeChanged_evenWithTheSameTime() throws Exception {
        rememberAndSave("index.html", FAKE_HASH);
        write("index.html", "<!doctype html><p>more", LONG_AGO);

        List<SiteFile> files = SiteScanner.scan(site, HashCache.load(cacheFile, site));

        assertThat(hashOf(files, "index.html"))
                .isEqualTo(Hashing.sha256(site.resolve("index.html")));
    }

    @Test
    void save_leavesOutFilesModifiedJustBeforeTheScan() throws Exception {
        // Given a file written one second before the scan (a second write in the same tick would
        // keep its time)
        Instant scanStart = Instant.now();
        write("fresh.js", "let x", scanStart.minusSeconds(1));
        HashCache cache = HashCache.load(cacheFile, site);
        SiteScanner.scan(site, cache);

        // When
        cache.save(cacheFile, scanStart);

        // Then the settled files are remembered, the fresh one is not
        assertThat(Files.readAllLines(cacheFile))
                .hasSize(3)
                .anyMatch(l -> l.endsWith(" index.html"))
                .anyMatch(l -> l.endsWith(" css/app.css"))
                .noneMatch(l -> l.endsWith(" fresh.js"));
    }

    @Test
    void save_forgetsFilesThatAreGone_andWritesNothingWhenNothingChanged() throws Exception {
        // Given a saved cache of two files, then one deleted
        HashCache first = HashCache.load(cacheFile, site);
        SiteScanner.scan(site, first);
        first.save(cacheFile, Instant.now());
        Files.delete(site.resolve("css/app.css"));

        // When scanning and saving twice
        HashCache second = HashCache.load(cacheFile, site);
        SiteScanner.scan(site, second);
        second.save(cacheFile, Instant.now());
        FileTime written = Files.getLastModifiedTime(cacheFile);
        Files.setLastModifiedTime(cacheFile, FileTime.from(LONG_AGO));
        HashCache third = HashCache.load(cacheFile, site);
        SiteScanner.scan(site, third);
        third.save(cacheFile, Instant.now());

        // Then the deleted file is forgotten, and the unchanged cache was not rewritten
        assertThat(written).isNotNull();
        assertThat(Files.readAllLines(cacheFile)).hasSize(2).noneMatch(l -> l.contains("app.css"));
        assertThat(Files.getLastModifiedTime(cacheFile)).isEqualTo(FileTime.from(LONG_AGO));
    }

    @Test
    void load_ignoresACacheWrittenForAnotherSiteDirectory() throws Exception {
        // Given a cache saved for another root, naming the same relative path
        Path other = build.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("index.html"), "<!doctype html>");
        Files.setLastModifiedTime(other.resolve("index.html"), FileTime.from(LONG_AGO));
        HashCache foreign = HashCache.load(cacheFile, other);
        foreign.remember("index.html", 15, FileTime.from(LONG_AGO), FAKE_HASH);
        foreign.save(cacheFile, Instant.now());

        // When
        List<SiteFile> files = SiteScanner.scan(site, HashCache.load(cacheFile, site));

        // Then
        assertThat(hashOf(files, "index.html"))
                .isEqualTo(Hashing.sha256(site.resolve("index.html")));
    }

    @Test
    void load_ignoresADamagedCache_andHashesEverything() throws Exception {
        // Given a cache cut off in the middle of a line
        rememberAndSave("index.html", FAKE_HASH);
        String text = Files.readString(cacheFile);
        Files.writeString(cacheFile, text.substring(0, text.length() - 20));

        // When
        List<SiteFile> files = SiteScanner.scan(site, HashCache.load(cacheFile, site));

        // Then
        assertThat(hashOf(files, "index.html"))
                .isEqualTo(Hashing.sha256(site.resolve("index.html")));
    }

    @Test
    void load_ofAMissingFile_isAnEmptyCache() {
        List<SiteFile> files =
                SiteScanner.scan(site, HashCache.load(build.resolve("absent.txt"), site));

        assertThat(files).hasSize(2);
        assertThat(Files.exists(build.resolve("absent.txt"))).isFalse();
    }

    private void rememberAndSave(String key, String hash) throws Exception {
        HashCache cache = HashCache.load(cacheFile, site);
        Path file = site.resolve(key);
        cache.remember(key, Files.size(file), Files.getLastModifiedTime(file), hash);
        cache.save(cacheFile, Instant.now());
    }

    private void write(String key, String content, Instant modified) throws Exception {
        Path file = site.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static String hashOf(List<SiteFile> files, String key) {
        return files.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow().sha256();
    }
}
