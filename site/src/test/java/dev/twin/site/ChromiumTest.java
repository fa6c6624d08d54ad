package dev.twin.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ChromiumTest {

    private static final Path MISSING = Path.of("/nonexistent/chromium");

    @Test
    void missingBrowser_failsTheBrowserTests_withTheInstallCommand() {
        assertThatThrownBy(() -> Chromium.requireInstalled(MISSING, false))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("/nonexistent/chromium")
                .hasMessageContaining("apt-get install -y chromium")
                .hasMessageContaining("-Dtwin.skipBrowserTests");
    }

    @Test
    void missingBrowser_skipsTheBrowserTests_onlyWhenTheUserOptsOut() {
        assertThatThrownBy(() -> Chromium.requireInstalled(MISSING, true))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith(Chromium.SKIPPED)
                .hasMessageContaining("apt-get install -y chromium");
    }

    @Test
    void skipProperty_optsOutWhenPresentOrTrue_butNotWhenAbsentOrFalse() {
        assertThat(Chromium.skipRequested("")).isTrue(); // -Dtwin.skipBrowserTests
        assertThat(Chromium.skipRequested("true")).isTrue();
        assertThat(Chromium.skipRequested(null)).isFalse();
        assertThat(Chromium.skipRequested("false")).isFalse();
    }

    @Test
    void presentBrowser_letsTheTestsRun_evenWhenASkipWasAskedFor() {
        // any executable file stands in for the browser here
        assertThatCode(() -> Chromium.requireInstalled(Path.of("/bin/sh"), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> Chromium.requireInstalled(Path.of("/bin/sh"), false))
                .doesNotThrowAnyException();
    }
}
