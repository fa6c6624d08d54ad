package dev.twin.maven.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest compares ETags however S3 quoted them, so a no-op publish never rewrites it. */
class PublishManifestTest {

    @Test
    void entries_fromAListingAndFromAPutResponse_areEqual_whateverTheQuoting() {
        // Given the same object as a PUT response names it (quoted) and as a listing may name it
        // (bare)
        var fromPut =
                new PublishManifest(
                        Map.of("index.html", new PublishManifest.Entry("abc", "\"e1\"", 10)));
        var fromListing =
                new PublishManifest(
                        Map.of("index.html", new PublishManifest.Entry("abc", "e1", 10)));

        // Then
        assertThat(fromPut.entries()).isEqualTo(fromListing.entries());
        assertThat(fromPut.sameEntries(fromListing)).isTrue();
        assertThat(fromPut.hashIfCurrent("index.html", "e1", 10)).contains("abc");
    }

    @Test
    void sameEntries_seesAnyDifferenceInHashEtagSizeOrKeys() {
        var base = new PublishManifest(Map.of("a", new PublishManifest.Entry("h", "e", 1)));

        assertThat(
                        base.sameEntries(
                                new PublishManifest(
                                        Map.of("a", new PublishManifest.Entry("x", "e", 1)))))
                .isFalse();
        assertThat(
                        base.sameEntries(
                                new PublishManifest(
                                        Map.of("a", new PublishManifest.Entry("h", "x", 1)))))
                .isFalse();
        assertThat(
                        base.sameEntries(
                                new PublishManifest(
                                        Map.of("a", new PublishManifest.Entry("h", "e", 2)))))
                .isFalse();
        assertThat(
                        base.sameEntries(
                                new PublishManifest(
                                        Map.of("b", new PublishManifest.Entry("h", "e", 1)))))
                .isFalse();
        assertThat(base.sameEntries(PublishManifest.empty())).isFalse();
        assertThat(PublishManifest.empty().sameEntries(PublishManifest.empty())).isTrue();
    }

    @Test
    void parse_readsWhatToBytesWrote_forAnyKey() {
        // Given keys with blanks, tabs, newlines, '+', '%' and non-ASCII characters
        var manifest =
                new PublishManifest(
                        Map.of(
                                "app.js", new PublishManifest.Entry("f00", "\"e2\"", 3),
                                "a b+c%20/ü\tx\ny.html",
                                        new PublishManifest.Entry("f01", "e3-2", 4)));

        // Then they survive the round trip
        assertThat(PublishManifest.parse(manifest.toBytes()).entries())
                .isEqualTo(manifest.entries());
    }

    @Test
    void parse_treatsAnOlderOrBrokenManifest_asAnEmptyCache() {
        assertThat(PublishManifest.parse("{\"version\":1,\"files\":{}}".getBytes()).entries())
                .isEmpty();
        assertThat(
                        PublishManifest.parse("twin-publish-manifest 2\nabc\tonly-two".getBytes())
                                .entries())
                .isEmpty();
        assertThat(PublishManifest.parse(new byte[0]).entries()).isEmpty();
    }

    @Test
    void keyFor_isPerSiteBucketAndPrefix() {
        assertThat(PublishManifest.keyFor("site-bucket", ""))
                .isEqualTo("publish/site-bucket/twin-publish-manifest.txt");
        assertThat(PublishManifest.keyFor("site-bucket", "v2/"))
                .isEqualTo("publish/site-bucket/v2/twin-publish-manifest.txt");
    }
}
