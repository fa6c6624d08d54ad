package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest compares ETags however S3 quoted them, so a no-op publish never rewrites it. */
class PublishManifestTest {

    @Test
    void entries_fromAListingAndFromAPutResponse_areEqual_whateverTheQuoting() {
        // Given the same object as a PUT response names it (quoted) and as a listing may name it (bare)
        var fromPut = new PublishManifest(Map.of("index.html", new PublishManifest.Entry("abc", "\"e1\"", 10)));
        var fromListing = new PublishManifest(Map.of("index.html", new PublishManifest.Entry("abc", "e1", 10)));

        // Then
        assertThat(fromPut.entries()).isEqualTo(fromListing.entries());
        assertThat(fromPut.hashIfCurrent("index.html", "e1", 10)).contains("abc");
    }

    @Test
    void parse_readsWhatToJsonWrote() {
        var manifest = new PublishManifest(Map.of("app.js", new PublishManifest.Entry("f00", "\"e2\"", 3)));
        assertThat(PublishManifest.parse(manifest.toJson()).entries()).isEqualTo(manifest.entries());
    }
}
