package dev.twin.it;

import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Debian's chromium through Playwright for Java; Playwright never downloads a browser here. */
final class Chromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--no-first-run");

    private Chromium() {}

    /** Skips the browser step when chromium is missing on a laptop; in CI (CI=true) that is a failure. */
    static void requireInstalled() {
        if (Files.isExecutable(EXECUTABLE)) {
            return;
        }
        String message = "Debian chromium is not installed at " + EXECUTABLE
                + " — install it with `apt-get install -y chromium` (Playwright must never download a browser)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI runs the browser step, so this is an error there");
        }
        Assumptions.abort(message + "; skipping the browser step on this machine");
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(ARGS));
    }
}
