package dev.twin.site;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ChromiumTest {

    private static final Path MISSING = Path.of("/nonexistent/chromium");

    @Test
    void missingBrowser_skipsTheBrowserTests_onADeveloperMachine() {
        assertThatThrownBy(() -> Chromium.requireInstalled(MISSING, Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("/nonexistent/chromium")
                .hasMessageContaining("apt-get install -y chromium");
    }

    @Test
    void missingBrowser_failsTheBrowserTests_inCi() {
        assertThatThrownBy(() -> Chromium.requireInstalled(MISSING, Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI runs the browser tests");
    }

    @Test
    void presentBrowser_letsTheTestsRun() {
        // any executable file stands in for the browser here
        assertThatCode(() -> Chromium.requireInstalled(Path.of("/bin/sh"), Map.of("CI", "true")))
                .doesNotThrowAnyException();
    }
}
