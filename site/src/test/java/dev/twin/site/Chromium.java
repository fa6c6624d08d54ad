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

    /**
     * Debian's chromium; {@code -Dtwin.chromium=<path>} names another (or a missing one, to try).
     */
    static final Path EXECUTABLE =
            Path.of(System.getProperty("twin.chromium", "/usr/bin/chromium"));

    /** Opt-out: {@code -Dtwin.skipBrowserTests} skips the browser tests (with a warning). */
    public static final String SKIP_PROPERTY = "twin.skipBrowserTests";

    /** What the reason of every skipped browser test starts with ({@link BrowserSkipReport}). */
    static final String SKIPPED = "Browser test skipped (-D" + SKIP_PROPERTY + "): ";

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
     * Fails the calling tests when chromium is missing, saying how to install it; only an explicit
     * {@code -Dtwin.skipBrowserTests} turns that into a skip (counted by {@link
     * BrowserSkipReport}).
     */
    public static void requireInstalled() {
        requireInstalled(EXECUTABLE, skipRequested(System.getProperty(SKIP_PROPERTY)));
    }

    static void requireInstalled(Path executable, boolean skipRequested) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String missing =
                "Debian chromium is not installed at "
                        + executable
                        + ": install it with `apt-get install -y chromium` (Playwright must never download a browser)";
        if (skipRequested) {
            Assumptions.abort(SKIPPED + missing);
        }
        fail(missing + ", or skip the browser tests explicitly with -D" + SKIP_PROPERTY);
    }

    /**
     * {@code -Dtwin.skipBrowserTests} and {@code =true} opt out; absent or {@code =false} do not.
     */
    static boolean skipRequested(String value) {
        return value != null && !value.strip().equalsIgnoreCase("false");
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
