package dev.twin.site;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Launches Debian's chromium through Playwright; never lets Playwright download a browser (shared
 * with twin-it as the site's test-jar).
 */
public final class Chromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final List<String> ARGS =
            List.of(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run");

    private Chromium() {}

    /**
     * Skips the calling tests when chromium is missing locally; in CI (CI=true) a missing browser
     * fails them.
     */
    public static void requireInstalled() {
        requireInstalled(EXECUTABLE, System.getenv());
    }

    public static void requireInstalled(Path executable, Map<String, String> env) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String message =
                "Debian chromium is not installed at "
                        + executable
                        + " — install it with `apt-get install -y chromium` (Playwright must never download a browser)";
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            fail(message + "; CI runs the browser tests, so this is an error there");
        }
        Assumptions.abort(message + "; skipping the browser tests on this machine");
    }

    public static Playwright playwright() {
        return Playwright.create(
                new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    public static Browser launch(Playwright playwright) {
        return playwright
                .chromium()
                .launch(
                        new BrowserType.LaunchOptions()
                                .setExecutablePath(EXECUTABLE)
                                .setHeadless(true)
                                .setArgs(ARGS));
    }
}
