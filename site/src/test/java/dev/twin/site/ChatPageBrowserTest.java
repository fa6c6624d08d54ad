package dev.twin.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.BDDAssertions.then;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.local.DevServer;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.PersonaSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: the site in Debian chromium (via Playwright) against the runtime's dev server,
 * started in-process with the offline model, a temp memory directory, and the page served under a
 * Content-Security-Policy of {@code default-src 'self'}. Screenshots land in {@code
 * target/screenshots/} for review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatPageBrowserTest {

    private static final String TWIN = "Ada Quill";
    private static final String CSP = "default-src 'self'";
    private static final List<String> STARTERS =
            List.of(
                    "What are you working on?",
                    "What do you enjoy outside work?",
                    "How did you start programming?");

    private Path temp;

    private ControllableModel model;
    private DevServer server;
    private Playwright playwright;
    private Browser browser;

    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    void startServerAndBrowser(@TempDir Path tempDir) throws IOException {
        Chromium.requireInstalled();
        temp = tempDir;
        Path siteDir = copyOfPackagedSite(temp.resolve("site"));
        Files.writeString(
                siteDir.resolve("config.json"),
                """
        {"apiUrl": "/api", "twinName": "%s", "avatar": null,
         "intro": "I design small, sturdy software and write about it.",
         "starterQuestions": ["%s"]}
        """
                        .formatted(TWIN, String.join("\", \"", STARTERS)),
                StandardCharsets.UTF_8);
        model = new ControllableModel(new OfflineChatModel(new BundledPersonaSource(), TWIN));
        server = startServer(TWIN, siteDir, Map.of());
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    void stopServerAndBrowser() {
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
        model.reset();
        if (context != null) {
            context.close();
            context = null;
        }
        // An HTTP error status is logged by chromium as "Failed to load resource"; those are
        // expected
        // in the error tests. Anything else (a CSP violation, a script error) is a bug in the page.
        List<String> unexpected =
                consoleErrors.stream()
                        .filter(e -> !e.startsWith("Failed to load resource"))
                        .toList();
        consoleErrors.clear();
        then(unexpected).as("console errors and CSP violations").isEmpty();
    }

    // -------------------------------------------------------------------------------------------

    @Test
    void sendingAMessage_showsItAndTheTypingIndicator_thenTheReply() {
        // Given the page, and a model that waits until released
        open(1280, 800);
        CountDownLatch answer = model.hold();
        Locator message = page.locator("#message");

        // When the visitor types and presses Enter
        message.fill("What are you working on these days?");
        message.press("Enter");

        // Then their turn shows, the box empties, the twin is "typing" and sending is blocked
        assertThat(visitorTurns()).hasText(new String[] {"What are you working on these days?"});
        assertThat(message).hasValue("");
        assertThat(page.locator("#typing")).isVisible();
        message.fill("a follow-up");
        assertThat(page.locator("#send")).isDisabled();

        // When the model answers
        answer.countDown();

        // Then the reply replaces the indicator and sending works again
        assertThat(twinTurns()).hasCount(1);
        assertThat(twinTurns().first()).containsText("Offline mode");
        assertThat(page.locator("#typing")).hasCount(0);
        assertThat(page.locator("#send")).isEnabled();
        message.fill("   \n  ");
        assertThat(page.locator("#send")).isDisabled();
        assertThat(page.locator("#welcome")).isHidden();
    }

    @Test
    void reloading_restoresTheConversation_andAnUnknownIdStartsFreshQuietly() {
        // Given a conversation of one exchange
        open(1280, 800);
        sendAndAwaitReply("Hello there", 1);
        String sessionId = sessionId();
        then(sessionId).matches("[0-9a-f-]{36}");

        // When the page is reloaded
        page.reload();
        awaitReady();

        // Then the conversation comes back from GET /conversation/{id}
        assertThat(visitorTurns()).hasText(new String[] {"Hello there"});
        assertThat(twinTurns()).hasCount(1);
        then(sessionId()).isEqualTo(sessionId);

        // When the stored id is one the server does not know
        page.evaluate(
                "id => localStorage.setItem('twin.sessionId', id)", UUID.randomUUID().toString());
        page.reload();
        awaitReady();

        // Then the page starts fresh without an error
        assertThat(page.locator("#transcript > li")).hasCount(0);
        assertThat(page.locator("#error")).isHidden();
        assertThat(page.locator("#starters")).isVisible();
        then(sessionId()).isNull();
    }

    @Test
    void newConversation_clearsTheTranscript_andTheNextMessageStartsANewSession() {
        // Given a conversation
        open(1280, 800);
        sendAndAwaitReply("Hi", 1);
        String first = sessionId();

        // When the visitor starts a new conversation
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New conversation"))
                .click();

        // Then the transcript is empty, the starters are back and the id is gone
        assertThat(page.locator("#transcript > li")).hasCount(0);
        assertThat(page.locator("#starters")).isVisible();
        assertThat(page.locator("#message")).isFocused();
        then(sessionId()).isNull();

        // When they send again, it is a different conversation, and a reload shows only that one
        sendAndAwaitReply("Tell me about your work", 1);
        then(sessionId()).isNotNull().isNotEqualTo(first);
        page.reload();
        awaitReady();
        assertThat(visitorTurns()).hasText(new String[] {"Tell me about your work"});
    }

    @Test
    void starterQuestion_isSentAsTheFirstMessage_andTheStartersGoAway() {
        // Given an empty conversation with the starters from config.json
        open(1280, 800);
        assertThat(page.locator("#starter-list button")).hasText(STARTERS.toArray(String[]::new));
        assertThat(page.locator("h1")).hasText(TWIN);
        assertThat(page.locator("#intro"))
                .hasText("I design small, sturdy software and write about it.");
        assertThat(
                        page.getByRole(
                                AriaRole.TEXTBOX,
                                new Page.GetByRoleOptions().setName("Message to " + TWIN)))
                .isVisible();
        assertThat(
                        page.getByRole(
                                AriaRole.LOG, new Page.GetByRoleOptions().setName("Conversation")))
                .isAttached();

        // When the visitor picks one
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(STARTERS.get(1)))
                .click();

        // Then it is sent and answered, and the starters hide
        assertThat(visitorTurns()).hasText(new String[] {STARTERS.get(1)});
        assertThat(twinTurns()).hasCount(1);
        assertThat(page.locator("#starters")).isHidden();
    }

    @Test
    void serverError_isExplainedPlainly_andRetryResendsTheSameMessageOnceTheServerRecovers() {
        // Given a model that is down (the API answers 503 model_unavailable)
        open(1280, 800);
        model.failWith(ModelException.Kind.UNAVAILABLE);
        List<String> chatBodies = new CopyOnWriteArrayList<>();
        page.onRequest(
                r -> {
                    if (r.url().endsWith("/api/chat")) {
                        chatBodies.add(r.postData());
                    }
                });

        // When the visitor sends a message
        page.locator("#message").fill("Which projects are you proud of?");
        page.locator("#message").press("Enter");

        // Then the error says so plainly, the message stays on screen marked unsent, and Retry is
        // offered
        Locator alert = page.getByRole(AriaRole.ALERT);
        assertThat(alert).containsText(TWIN + " is unavailable right now");
        assertThat(page.locator(".turn--failed .bubble"))
                .hasText("Which projects are you proud of?");
        assertThat(page.locator(".turn--failed")).containsText("Not sent");
        assertThat(page.locator("#retry")).isVisible();

        // When they type a draft meanwhile, the server recovers, and they press Retry
        page.locator("#message").fill("a draft I am still writing");
        model.reset();
        page.locator("#retry").click();

        // Then the same message is answered once, the error goes, and the draft is untouched
        assertThat(twinTurns()).hasCount(1);
        // (and the Retry repeated the turn's id, so a lost answer could not have stored it twice)
        then(chatBodies).hasSize(2);
        then(turnId(chatBodies.get(1)))
                .isEqualTo(turnId(chatBodies.get(0)))
                .matches("[0-9a-f-]{36}");
        assertThat(alert).isHidden();
        assertThat(visitorTurns()).hasText(new String[] {"Which projects are you proud of?"});
        assertThat(page.locator(".turn--failed")).hasCount(0);
        assertThat(page.locator("#message")).hasValue("a draft I am still writing");
        page.reload();
        awaitReady();
        assertThat(visitorTurns()).hasText(new String[] {"Which projects are you proud of?"});
        assertThat(page.locator("#message")).hasValue("a draft I am still writing");
    }

    @Test
    void noConnection_saysSo_andRetryWorksWhenBackOnline() {
        // Given a browser that lost its connection
        open(1280, 800);
        context.setOffline(true);

        // When the visitor sends, then the page says it cannot reach the twin
        page.locator("#message").fill("Are you there?");
        page.locator("#message").press("Enter");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Can't reach " + TWIN);

        // When the connection is back and they retry, then the reply arrives
        context.setOffline(false);
        page.locator("#retry").click();
        assertThat(twinTurns()).hasCount(1);
        assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
    }

    @Test
    void theWholeFlow_worksWithTheKeyboardAlone() {
        // Given the page, used by keyboard only: the skip link leads to the message box
        open(1280, 800);
        page.keyboard().press("Tab");
        assertThat(page.locator(".skip-link")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#message")).isFocused();

        // When they type two lines (Shift+Enter) and press Enter
        page.keyboard().type("Hello");
        page.keyboard().press("Shift+Enter");
        page.keyboard().type("there");
        page.keyboard().press("Enter");

        // Then both lines go out as one message and the twin answers
        assertThat(visitorTurns()).hasText(new String[] {"Hello\nthere"});
        assertThat(twinTurns()).hasCount(1);
        assertThat(page.locator("#message")).isFocused();

        // When they tab back to "New conversation" and press Enter, focus shows and the page resets
        tabUntilFocused("#new-conversation", true);
        then(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))
                .isEqualTo("solid");
        page.screenshot(
                new Page.ScreenshotOptions()
                        .setPath(screenshots().resolve("desktop-keyboard-focus.png")));
        page.keyboard().press("Enter");
        assertThat(page.locator("#transcript > li")).hasCount(0);
        assertThat(page.locator("#message")).isFocused();

        // When they tab back to a starter question and press Enter, it is sent
        tabUntilFocused("#starter-list li:last-child button", true);
        page.keyboard().press("Enter");
        assertThat(visitorTurns()).hasText(new String[] {STARTERS.get(2)});
        assertThat(twinTurns()).hasCount(1);

        // When a message fails, Retry is reachable and works from the keyboard too
        model.failWith(ModelException.Kind.THROTTLED);
        page.locator("#message").focus();
        page.keyboard().type("One more question");
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Too many messages");
        model.reset();
        tabUntilFocused("#retry", true);
        page.keyboard().press("Enter");
        assertThat(twinTurns()).hasCount(2);
    }

    @Test
    void longMessage_showsTheCounterNearTheLimit_andCannotBeSentOverIt() {
        open(375, 740);
        Locator message = page.locator("#message");
        Locator counter = page.locator("#counter");

        message.fill("a".repeat(3_400));
        assertThat(counter).isHidden();

        message.fill("a".repeat(3_600));
        assertThat(counter).hasText("400 characters left");
        assertThat(page.locator("#send")).isEnabled();

        message.fill("a".repeat(4_001));
        assertThat(counter).containsText("1 character over the 4,000 limit");
        assertThat(page.locator("#send")).isDisabled();
        assertThat(message).hasAttribute("aria-invalid", "true");
        message.press("Enter");
        assertThat(page.locator("#transcript > li")).hasCount(0);
        assertThat(message).hasValue("a".repeat(4_001));

        message.fill("a".repeat(4_000));
        assertThat(counter).hasText("0 characters left");
        assertThat(page.locator("#send")).isEnabled();
    }

    @Test
    void hostileMarkdownFromTheModel_staysTextAndOnlySafeLinksAreMade() {
        // Given a model whose next answer tries every trick
        open(1280, 800);
        model.replyOnce(
                """
        **Bold** and *italic* <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>
        [bad](javascript:window.__xss=3) [also bad](JaVaScRiPt:window.__xss=4) [data](data:text/html,<b>x</b>)
        [good](https://example.com/about) <svg onload="window.__xss=5"></svg>

        - one
        - two with `<b>code</b>`

        ```
        <iframe src="javascript:window.__xss=6"></iframe>
        ```""");

        // When the visitor asks something
        sendAndAwaitReply("Show me some formatting", 1);

        // Then the formatting renders, the markup is visible text, and nothing ran
        Locator reply = twinTurns().first().locator(".bubble");
        assertThat(reply.locator("strong")).hasText("Bold");
        assertThat(reply.locator("li")).hasCount(2);
        assertThat(reply.locator("pre code"))
                .containsText("<iframe src=\"javascript:window.__xss=6\"></iframe>");
        assertThat(reply).containsText("<img src=x onerror=\"window.__xss=1\">");
        then(reply.locator("img, script, svg, iframe, b").count()).isZero();
        then(reply.locator("a").count()).isEqualTo(1);
        assertThat(reply.locator("a")).hasAttribute("href", "https://example.com/about");
        assertThat(reply.locator("a")).hasAttribute("rel", "noopener noreferrer");
        then(page.evaluate("window.__xss === undefined")).isEqualTo(true);
        then(page.evaluate(
                        "[...document.querySelectorAll('#transcript *')]"
                                + ".flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')).length"))
                .isEqualTo(0);
    }

    @Test
    void screenshots_atDesktopWidthAnd375px_withNoHorizontalScrollingDownTo320px()
            throws IOException {
        Path dir = screenshots();
        String formatted =
                """
        Happy to! Right now I'm working on **three** things:

        1. A *tiny* build tool for static sites
        2. Notes on `record` types in Java 17
        3. A talk, slides at https://example.com/talk

        ```
        mvn twin:run
        ```""";

        for (int[] size : new int[][] {{1280, 800}, {375, 740}}) {
            String name = size[0] == 1280 ? "desktop" : "375px";
            open(size[0], size[1]);
            page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + "-empty.png")));
            sendAndAwaitReply("Hello!", 1);
            model.replyOnce(formatted);
            sendAndAwaitReply(
                    "What are you working on? A long question to see how the bubble wraps on a narrow screen.",
                    2);
            model.failWith(ModelException.Kind.UNAVAILABLE);
            page.locator("#message").fill("And what's next?");
            page.locator("#message").press("Enter");
            assertThat(page.getByRole(AriaRole.ALERT)).isVisible();
            page.locator("#message").fill("I am still typing this one");
            page.screenshot(
                    new Page.ScreenshotOptions().setPath(dir.resolve(name + "-conversation.png")));
            then(horizontalOverflow()).as("horizontal overflow at %d px", size[0]).isZero();
            model.reset();
            closePage();
        }

        open(1280, 800, ColorScheme.DARK);
        model.replyOnce(formatted);
        sendAndAwaitReply("What are you working on?", 1);
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("desktop-dark.png")));
        closePage();

        open(320, 640);
        model.replyOnce(formatted + "\n\n" + "averyveryverylongwordwithoutanyspaces".repeat(6));
        sendAndAwaitReply("x".repeat(120), 1);
        then(horizontalOverflow()).as("horizontal overflow at 320 px").isZero();
        page.screenshot(
                new Page.ScreenshotOptions().setPath(dir.resolve("320px-conversation.png")));

        try (Stream<Path> shots = Files.list(dir)) {
            then(shots.map(p -> p.getFileName().toString()))
                    .contains(
                            "desktop-empty.png",
                            "desktop-conversation.png",
                            "375px-empty.png",
                            "375px-conversation.png",
                            "desktop-dark.png");
        }
    }

    @Test
    void conversationTooLong_offersToSendTheMessageInANewConversation() {
        // Given a server that caps stored conversations at 1 KiB, and a first exchange that fills
        // it
        try (DevServer small =
                startServer(TWIN, null, Map.of("TWIN_MAX_CONVERSATION_BYTES", "1024"))) {
            open(small.uri(), 1280, 800, ColorScheme.LIGHT);
            model.replyOnce("I could talk about this for a long time. ".repeat(30));
            sendAndAwaitReply("Tell me everything", 1);
            String first = sessionId();

            // When the next message would make it too long (409 conversation_too_long)
            page.locator("#message").fill("And one more thing?");
            page.locator("#message").press("Enter");

            // Then the page says so, offers no pointless Retry, but a fresh start with the same
            // message
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("grown too long");
            assertThat(page.locator("#retry")).isHidden();
            page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Send in a new conversation"))
                    .click();
            assertThat(visitorTurns()).hasText(new String[] {"And one more thing?"});
            assertThat(twinTurns()).hasCount(1);
            assertThat(page.getByRole(AriaRole.ALERT)).isHidden();
            then(sessionId()).isNotNull().isNotEqualTo(first);
            closePage();
        }
    }

    @Test
    void messageTheServerRejects_goesBackIntoTheBox_withTheServersReason() {
        // Given a server that accepts at most 60 characters per message (the page allows 4,000)
        try (DevServer strict = startServer(TWIN, null, Map.of("TWIN_MAX_MESSAGE_CHARS", "60"))) {
            open(strict.uri(), 1280, 800, ColorScheme.LIGHT);
            String longQuestion =
                    "Could you tell me, in as much detail as you like, how you got started?";

            // When the visitor sends a longer message, the API answers 400 invalid_message
            page.locator("#message").fill(longQuestion);
            page.locator("#message").press("Enter");

            // Then the reason is shown and the text is back in the box to edit, not lost
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("not accepted");
            assertThat(page.getByRole(AriaRole.ALERT)).containsText("60");
            assertThat(page.locator("#message")).hasValue(longQuestion);
            assertThat(page.locator("#transcript > li")).hasCount(0);
            assertThat(page.locator("#retry")).isHidden();
            closePage();
        }
    }

    @Test
    void page_runsUnderTheStrictPolicy_soAnyOtherOriginIsBlocked() {
        // Given the page served with Content-Security-Policy: default-src 'self'
        open(1280, 800);

        // When a script on it tries to reach another origin
        Object violated =
                page.evaluate(
                        "() => new Promise(resolve => {"
                                + " document.addEventListener('securitypolicyviolation', e => resolve(e.effectiveDirective), { once: true });"
                                + " fetch('https://third-party.example/x').catch(() => {});"
                                + " setTimeout(() => resolve('no violation'), 3000); })");

        // Then the policy is really in force (so the other tests prove the page works under it)
        then(violated).isEqualTo("connect-src");
        consoleErrors.removeIf(e -> e.contains("third-party.example"));
    }

    @Test
    void packagedSite_isServedFromTheClasspath_whenNoSiteDirIsGiven() {
        // Given a dev server with no site directory: it serves twin-site/ from this module's jar
        try (DevServer classpathServer = startServer("Bo Classpath", null, Map.of())) {
            then(classpathServer.siteDescription()).containsIgnoringCase("classpath");

            // When the page opens, it takes the generated config.json, and chat works
            open(classpathServer.uri(), 1280, 800, ColorScheme.LIGHT);
            assertThat(page.locator("h1")).hasText("Bo Classpath");
            then(page.title()).isEqualTo("Chat with Bo Classpath");
            assertThat(page.locator("#starters")).isHidden();
            APIResponse favicon =
                    page.request().get(classpathServer.uri().resolve("favicon.svg").toString());
            then(favicon.status()).isEqualTo(200);
            then(favicon.headers().get("content-type")).startsWith("image/svg+xml");
            then(page.locator("link[rel=icon]").getAttribute("href")).isEqualTo("favicon.svg");
            sendAndAwaitReply("Hi", 1);
            closePage();
        }
    }

    // -------------------------------------------------------------------------------------------

    private DevServer startServer(String name, Path siteDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("TWIN_NAME", name);
        env.put("TWIN_MEMORY_DIR", temp.resolve("memory-" + UUID.randomUUID()).toString());
        Settings settings = Settings.from(env);
        PersonaSource persona = new BundledPersonaSource();
        Wiring wiring =
                Wiring.of(
                        model,
                        new LocalConversationStore(settings.memoryDir()),
                        persona,
                        settings,
                        Telemetry.discard());
        return DevServer.start(wiring, siteDir, 0);
    }

    private static Path screenshots() {
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target/screenshots");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void open(int width, int height) {
        open(width, height, ColorScheme.LIGHT);
    }

    private void open(int width, int height, ColorScheme scheme) {
        open(server.uri(), width, height, scheme);
    }

    private void open(URI base, int width, int height, ColorScheme scheme) {
        context =
                browser.newContext(
                        new Browser.NewContextOptions()
                                .setViewportSize(width, height)
                                .setColorScheme(scheme));
        context.setDefaultTimeout(10_000);
        // Serve every page under the strictest policy the site promises to work with.
        context.route(
                url -> url.endsWith("/") || url.endsWith(".html"), ChatPageBrowserTest::withCsp);
        page = context.newPage();
        page.onConsoleMessage(
                m -> {
                    if ("error".equals(m.type())) {
                        consoleErrors.add(m.text());
                    }
                });
        page.onPageError(consoleErrors::add);
        page.navigate(base.toString());
        awaitReady();
    }

    private static void withCsp(Route route) {
        APIResponse response = route.fetch();
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("content-security-policy", CSP);
        route.fulfill(new Route.FulfillOptions().setResponse(response).setHeaders(headers));
    }

    /** The turn_id of a POST /chat body (the page writes it with JSON.stringify: no spaces). */
    private static String turnId(String chatBody) {
        Matcher m = Pattern.compile("\"turn_id\":\"([^\"]*)\"").matcher(chatBody);
        return m.find() ? m.group(1) : "";
    }

    private void awaitReady() {
        assertThat(page.locator("html")).hasAttribute("data-ready", "true");
    }

    private Locator visitorTurns() {
        return page.locator("#transcript > li.turn--visitor .bubble");
    }

    private Locator twinTurns() {
        return page.locator("#transcript > li.turn--twin:not(.turn--typing):not(.turn--streaming)");
    }

    private void sendAndAwaitReply(String text, int expectedReplies) {
        page.locator("#message").fill(text);
        page.locator("#send").click();
        assertThat(twinTurns()).hasCount(expectedReplies);
    }

    private String sessionId() {
        return (String) page.evaluate("localStorage.getItem('twin.sessionId')");
    }

    private int horizontalOverflow() {
        return ((Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
                .intValue();
    }

    private void tabUntilFocused(String selector, boolean backwards) {
        for (int i = 0; i < 20; i++) {
            if ((Boolean)
                    page.evaluate(
                            "s => document.activeElement === document.querySelector(s)",
                            selector)) {
                return;
            }
            page.keyboard().press(backwards ? "Shift+Tab" : "Tab");
        }
        assertThat(page.locator(selector)).isFocused();
    }

    private static Path copyOfPackagedSite(Path target) throws IOException {
        URI index;
        try {
            index =
                    ChatPageBrowserTest.class
                            .getClassLoader()
                            .getResource("twin-site/index.html")
                            .toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("twin-site/index.html is not on the test classpath", e);
        }
        Path source = Path.of(index).getParent();
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
        return target;
    }
}
