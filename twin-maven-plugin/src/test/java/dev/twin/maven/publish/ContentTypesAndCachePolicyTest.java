package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesAndCachePolicyTest {

    @ParameterizedTest
    @CsvSource({
        "index.html, text/html; charset=utf-8",
        "a/b/app.js, text/javascript; charset=utf-8",
        "mod.mjs, text/javascript; charset=utf-8",
        "styles.css, text/css; charset=utf-8",
        "config.json, application/json; charset=utf-8",
        "app.js.map, application/json; charset=utf-8",
        "site.webmanifest, application/manifest+json; charset=utf-8",
        "logo.svg, image/svg+xml; charset=utf-8",
        "avatar.PNG, image/png",
        "photo.jpeg, image/jpeg",
        "img.webp, image/webp",
        "img.avif, image/avif",
        "favicon.ico, image/x-icon",
        "font.woff2, font/woff2",
        "font.woff, font/woff",
        "cv.pdf, application/pdf",
        "robots.txt, text/plain; charset=utf-8",
        "sitemap.xml, application/xml; charset=utf-8",
        "mod.wasm, application/wasm",
        "clip.mp4, video/mp4",
        "LICENSE, application/octet-stream",
        "data.unknownext, application/octet-stream"
    })
    void contentType_coversCommonWebTypes(String key, String expected) {
        assertThat(ContentTypes.of(key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "index.html, no-cache",
        "docs/page.htm, no-cache",
        "config.json, no-cache",
        "app.3f9a1c2b.js, 'public, max-age=31536000, immutable'",
        "assets/index-DiwrgTda.js, 'public, max-age=31536000, immutable'",
        "assets/main-1a2b3c4d5e6f.css, 'public, max-age=31536000, immutable'",
        "_next/static/chunks/pages/app.js, 'public, max-age=31536000, immutable'",
        "app.js, 'public, max-age=300'",
        "app-settings.js, 'public, max-age=300'",
        "avatar.png, 'public, max-age=300'",
        "data.json, 'public, max-age=300'"
    })
    void cacheControl_dependsOnTheKindOfFile(String key, String expected) {
        assertThat(CachePolicy.of(key)).isEqualTo(expected);
    }
}
