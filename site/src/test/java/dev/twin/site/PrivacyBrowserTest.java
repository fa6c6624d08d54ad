package dev.twin.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.BDDAssertions.then;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.local.DevServer;
import dev.twin.runtime.observe.Telemetry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's privacy parts in Debian chromium against the dev server: the configurable retention
 * line, and "Delete this conversation", which asks first and then erases the stored conversation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyBrowserTest {

    private static final String NOTE =
            "Conversations are kept for 30 days. Contact details you share go to Ada.";

    private Path memory;
    private DevServer server;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;
    private final List<String> errors = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        Chromium.requireInstalled();
        Path site = copyOfPackagedSite(temp.resolve("site"));
        Files.writeString(
                site.resolve("config.json"),
                "{\"apiUrl\": \"/api\", \"twinName\": \"Ada Quill\", \"privacyNote\": \""
                        + NOTE
                        + "\"}",
                StandardCharsets.UTF_8);
        memory = temp.resolve("memory");
        Settings settings =
                Settings.from(
                        Map.of("TWIN_NAME", "Ada Quill", "TWIN_MEMORY_DIR", memory.toString()));
        Wiring wiring =
                Wiring.of(
                        new OfflineChatModel(new BundledPersonaSource(), "Ada Quill"),
                        new LocalConversationStore(memory),
                        new BundledPersonaSource(),
                        settings,
                        Telemetry.discard());
        server = DevServer.start(wiring, site, 0);
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
    void close() {
        if (context != null) {
            context.close();
        }
        then(errors.stream().filter(e -> !e.startsWith("Failed to load resource")).toList())
                .as("console errors")
                .isEmpty();
        errors.clear();
    }

    private void open() {
        context = browser.newContext();
        context.setDefaultTimeout(10_000);
        page = context.newPage();
        page.onConsoleMessage(
                m -> {
                    if ("error".equals(m.type())) {
                        errors.add(m.text());
                    }
                });
        page.onPageError(errors::add);
        page.navigate(server.uri().toString());
        assertThat(page.locator("html")).hasAttribute("data-ready", "true");
    }

    private String chatOnce() {
        page.locator("#message").fill("What are you working on?");
        page.locator("#send").click();
        assertThat(
                        page.locator(
                                "#transcript > li.turn--twin:not(.turn--typing):not(.turn--streaming)"))
                .hasCount(1);
        return (String) page.evaluate("localStorage.getItem('twin.sessionId')");
    }

    private Path stored(String id) {
        return memory.resolve("conversations").resolve(id + ".json");
    }

    @Test
    void retentionLine_showsTheConfiguredText_andNoDeleteButtonWithoutAConversation() {
        open();

        assertThat(page.locator("#privacy-note")).hasText(NOTE);
        assertThat(page.locator("#delete-conversation")).isHidden();
    }

    @Test
    void deleteThisConversation_afterConfirming_erasesItOnTheServer_andStartsANewOne() {
        // Given a conversation with one turn, stored on the server
        open();
        String id = chatOnce();
        then(stored(id)).exists();
        assertThat(page.locator("#delete-conversation")).isVisible();
        List<String> asked = new ArrayList<>();
        page.onDialog(
                d -> {
                    asked.add(d.message());
                    d.accept();
                });

        // When the visitor deletes it and confirms
        page.locator("#delete-conversation").click();

        // Then it is gone from the server, the page is empty again, and a screen reader hears so
        assertThat(page.locator("#privacy-status")).hasText("The conversation was deleted.");
        then(asked).singleElement().asString().contains("Delete this conversation?");
        then(stored(id)).doesNotExist();
        assertThat(page.locator("#transcript > li")).hasCount(0);
        assertThat(page.locator("#delete-conversation")).isHidden();
        then(page.evaluate("localStorage.getItem('twin.sessionId')")).isNull();
        then(page.request().get(server.uri() + "api/conversation/" + id).status()).isEqualTo(404);
    }

    @Test
    void deleteThisConversation_dismissed_keepsIt() {
        open();
        String id = chatOnce();
        page.onDialog(d -> d.dismiss());

        page.locator("#delete-conversation").click();

        assertThat(page.locator("#transcript > li.turn--visitor")).hasCount(1);
        then(stored(id)).exists();
    }

    private static Path copyOfPackagedSite(Path target) throws Exception {
        URI index =
                PrivacyBrowserTest.class
                        .getClassLoader()
                        .getResource("twin-site/index.html")
                        .toURI();
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
