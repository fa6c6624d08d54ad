package dev.twin.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.BDDAssertions.then;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.local.DevServer;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The page against the dev server's streaming route with a slow stand-in model (30 pieces over 6
 * s): words show while the model is still writing, the live region gets only the finished turn, and
 * an axe-core audit (WCAG 2.1 AA and best practices) finds nothing, light and dark, desktop and
 * mobile, after a turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingPageBrowserTest {

    private static final String TWIN = "Ada Quill";
    private static final int CHUNKS = 30;
    private static final long GAP_MS = 200;
    private static final String AXE_VERSION = "4.14.1";
    private static final String REPLY =
            IntStream.range(0, CHUNKS).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));

    private final SlowModel model = new SlowModel();
    private DevServer server;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;

    /** A model that writes {@value #CHUNKS} words, one every {@value #GAP_MS} ms. */
    private static final class SlowModel implements ChatModel {
        volatile long firstTokenNanos;
        volatile long firstTokenEpochMs;
        volatile long gapMs = GAP_MS;

        @Override
        public ModelReply reply(ModelRequest request) {
            return new ModelReply(REPLY, -1, -1);
        }

        @Override
        public ModelReply stream(ModelRequest request, DeltaSink sink) {
            for (int i = 0; i < CHUNKS; i++) {
                try {
                    Thread.sleep(gapMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (i == 0) {
                    firstTokenNanos = System.nanoTime();
                    firstTokenEpochMs = System.currentTimeMillis();
                }
                sink.accept("word" + i + (i < CHUNKS - 1 ? " " : ""));
            }
            return reply(request);
        }

        @Override
        public String describe() {
            return "slow stand-in";
        }
    }

    @BeforeAll
    void start() {
        Chromium.requireInstalled();
        Settings settings =
                Settings.from(
                        Map.of(
                                "TWIN_NAME", TWIN,
                                "TWIN_RATE_LIMIT_IP_PER_MINUTE", "0",
                                "TWIN_RATE_LIMIT_SESSION_PER_MINUTE", "0"));
        BundledPersonaSource persona = new BundledPersonaSource();
        // no site dir: the packaged site and the server's own config.json, which turns streaming on
        server =
                DevServer.start(
                        Wiring.of(
                                model,
                                new InMemoryConversationStore(),
                                persona,
                                settings,
                                Telemetry.discard()),
                        null,
                        0);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closePage() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    private void open(int width, int height, ColorScheme scheme) {
        context =
                browser.newContext(
                        new Browser.NewContextOptions()
                                .setViewportSize(width, height)
                                .setColorScheme(scheme));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.navigate(server.uri().toString());
        assertThat(page.locator("html")).hasAttribute("data-ready", "true");
    }

    private Locator finishedReplies() {
        return page.locator(
                "#transcript > li.turn--twin:not(.turn--typing):not(.turn--streaming) .bubble");
    }

    private void ask(String question) {
        page.locator("#message").fill(question);
        page.locator("#send").click();
    }

    @Test
    void reply_showsAsItArrives_andTheLiveRegionGetsOnlyTheFinishedTurn() {
        // Given
        model.gapMs = GAP_MS;
        open(1280, 800, ColorScheme.LIGHT);

        // the page stamps the moment the first words are in the DOM (Playwright's own polling is
        // too coarse to time it)
        page.evaluate(
                "() => new MutationObserver((m, o) => { const b = document.querySelector("
                        + "'#transcript > li.turn--streaming .bubble'); if (b && b.textContent.length)"
                        + " { window.firstWordsAt = performance.timeOrigin + performance.now();"
                        + " o.disconnect(); } }).observe(document.getElementById('transcript'),"
                        + " {subtree: true, childList: true, characterData: true})");

        // When
        ask("Tell me about your work");

        // Then: the first words are on screen while the model is still writing
        Locator streaming = page.locator("#transcript > li.turn--streaming .bubble");
        assertThat(streaming).containsText("word0");
        long afterFirstTokenMs =
                Math.round(((Number) page.evaluate("() => window.firstWordsAt")).doubleValue())
                        - model.firstTokenEpochMs;
        System.out.println(
                "first visible words " + afterFirstTokenMs + " ms after the model's first token");
        then(finishedReplies().count()).as("the reply is not finished yet").isZero();
        then(streaming.textContent()).doesNotContain("word" + (CHUNKS - 1));
        // the growing reply is hidden from screen readers; the live log announces the finished one
        assertThat(page.locator("#transcript > li.turn--streaming"))
                .hasAttribute("aria-hidden", "true");
        then(afterFirstTokenMs).as("ms from first token to first visible words").isLessThan(3_000);

        // Then: the finished turn replaces it, whole
        page.locator("#transcript > li.turn--streaming")
                .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        then(page.locator("#error-text").textContent()).isEmpty();
        assertThat(finishedReplies()).hasText(REPLY);
        assertThat(page.locator("#transcript > li.turn--streaming")).hasCount(0);
        assertThat(page.locator("#log")).hasAttribute("aria-live", "polite");
    }

    @Test
    void axeAudit_afterATurn_findsNoViolations_lightAndDark_desktopAndMobile() throws IOException {
        String axe = axeSource();
        model.gapMs = 1; // the audit is about the page after a turn, not the wait
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            for (int[] size : List.of(new int[] {1280, 800}, new int[] {375, 812})) {
                // Given a page after one streamed turn
                open(size[0], size[1], scheme);
                ask("What do you do?");
                assertThat(finishedReplies()).hasText(REPLY);

                // When: axe-core runs in the page (evaluated over CDP, so the CSP does not apply)
                page.evaluate(axe);
                Object violations =
                        page.evaluate(
                                "async () => (await axe.run(document, {runOnly: {type: 'tag',"
                                        + " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                                        + " 'best-practice']}})).violations.map(v => v.id + ' ('"
                                        + " + v.impact + '): ' + v.nodes.map(n =>"
                                        + " n.target.join(' ')).join(', '))");

                // Then
                then((List<?>) violations)
                        .as("axe violations, %s %dx%d", scheme, size[0], size[1])
                        .isEmpty();
                closePage();
            }
        }
    }

    /**
     * axe-core from npm, installed once into target/axe by npm (the only download, from the npm
     * registry, at test setup); a machine without npm or network fails here with what to run.
     */
    private static String axeSource() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target/axe");
        Path script = dir.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.isRegularFile(script)) {
            Files.createDirectories(dir);
            List<String> command =
                    List.of(
                            "npm",
                            "install",
                            "--no-save",
                            "--no-package-lock",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            dir.toString(),
                            "axe-core@" + AXE_VERSION);
            try {
                Process p =
                        new ProcessBuilder(command)
                                .redirectErrorStream(true)
                                .redirectOutput(dir.resolve("npm.log").toFile())
                                .start();
                if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    fail(
                            "axe-core could not be installed: run `"
                                    + String.join(" ", command)
                                    + "` (needs npm and the npm registry); log: "
                                    + dir.resolve("npm.log"));
                }
            } catch (IOException e) {
                fail("npm is not on the PATH: install Node.js 20+ (it brings npm), then rerun");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while installing axe-core");
            }
        }
        return Files.readString(script, StandardCharsets.UTF_8);
    }
}
