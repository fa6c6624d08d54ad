package dev.twin.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twin.runtime.InvalidSettingException;
import dev.twin.runtime.Settings;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir Path tmp;
    private Path site;
    private DevServer server;
    private final BundledPersonaSource persona = new BundledPersonaSource();
    private final Settings settings = Settings.from(Map.of("TWIN_NAME", "Ada Quill"));

    @BeforeEach
    void createSite() throws IOException {
        site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>Ada</title>");
        Files.createDirectories(site.resolve("js"));
        Files.writeString(site.resolve("js/app.js"), "export const x = 1;");
        Files.writeString(site.resolve("styles.css"), "body{}");
        Files.writeString(site.resolve(".env"), "SECRET=hidden");
        Files.writeString(tmp.resolve("outside.txt"), "outside the site");
        Files.createSymbolicLink(site.resolve("link.txt"), tmp.resolve("outside.txt"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private DevServer start(ChatModel model, Path siteDir) {
        server =
                DevServer.start(
                        model, new InMemoryConversationStore(), persona, settings, siteDir, 0);
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(server.uri().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the path byte for byte (HTTP clients normalise "..", attackers don't). */
    private String rawGet(String rawPath) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(
                    ("GET " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void start_onPortZero_bindsAFreeLoopbackPort() {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        assertThat(server.port()).isPositive();
        assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void chatOverRealHttp_underApiAndBare_thenConversation() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        HttpResponse<String> first = postJson("/api/chat", "{\"message\":\"Where do you live?\"}");
        String id = JSON.readTree(first.body()).get("session_id").asText();
        HttpResponse<String> second =
                postJson("/chat", "{\"message\":\"Do you bake?\",\"session_id\":\"" + id + "\"}");
        HttpResponse<String> conversation = get("/api/conversation/" + id);
        HttpResponse<String> health = get("/health");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("response").asText()).contains("seaside");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).get("response").asText()).contains("sourdough");
        assertThat(JSON.readTree(conversation.body()).get("messages")).hasSize(4);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void staticFiles_indexForRootAndTheRightContentTypes() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        HttpResponse<String> root = get("/");
        HttpResponse<String> js = get("/js/app.js");
        HttpResponse<String> css = get("/styles.css");

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("<title>Ada</title>");
        assertThat(root.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(js.headers().firstValue("content-type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(root.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void staticFiles_neverLeaveTheSiteOrShowHiddenFiles() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        for (String path :
                new String[] {
                    "/../outside.txt",
                    "/%2e%2e/outside.txt",
                    "/js/..%2f..%2foutside.txt",
                    "/..%5coutside.txt",
                    "/.env",
                    "/%2eenv",
                    "/link.txt",
                    "/js//app.js",
                    "/index.html%00.js"
                }) {
            String response = rawGet(path);
            assertThat(response)
                    .as(path)
                    .doesNotContain("outside the site")
                    .doesNotContain("SECRET");
            assertThat(response).as(path).matches("(?s)HTTP/1.1 (400|404).*");
        }
    }

    @Test
    void configJson_generatedWhenTheSiteHasNone() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        HttpResponse<String> r = get("/config.json");

        JsonNode config = JSON.readTree(r.body());
        assertThat(r.headers().firstValue("content-type"))
                .hasValue("application/json; charset=utf-8");
        assertThat(config.get("apiUrl").asText()).isEqualTo("/api");
        assertThat(config.get("twinName").asText()).isEqualTo("Ada Quill");
        assertThat(config.get("avatar").isNull()).isTrue();
        assertThat(config.get("intro").asText()).contains("Ada Quill");
        assertThat(config.get("starterQuestions").isArray()).isTrue();
        assertThat(config.get("streaming").asBoolean()).isTrue();
    }

    @Test
    void configJson_fromTheSiteWhenPresent() throws Exception {
        Files.writeString(
                site.resolve("config.json"), "{\"apiUrl\":\"/api\",\"twinName\":\"From Site\"}");
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        assertThat(get("/config.json").body()).contains("From Site");
    }

    @Test
    void noSiteDir_servesTheClasspathSite() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), null);

        assertThat(get("/").body()).contains("classpath site for DevServerTest");
        assertThat(server.siteDescription()).isEqualTo("classpath twin-site/");
    }

    @Test
    void staticFiles_wrongMethod_answers405() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(server.uri().resolve("/index.html"))
                                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void bodyOver64Kb_answers413() throws Exception {
        start(new OfflineChatModel(persona, "Ada Quill"), site);

        HttpResponse<String> r =
                postJson("/api/chat", "{\"message\":\"" + "x".repeat(200 * 1024) + "\"}");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText())
                .isEqualTo("payload_too_large");
    }

    @Test
    void flakyModel_answers503WithRetryAfter_thenTheRetrySucceeds() throws Exception {
        // Given: the shape the site's Playwright tests use, a model that fails once
        OfflineChatModel offline = new OfflineChatModel(persona, "Ada Quill");
        AtomicInteger calls = new AtomicInteger();
        ChatModel flaky =
                new ChatModel() {
                    @Override
                    public ModelReply reply(ModelRequest request) {
                        if (calls.getAndIncrement() == 0) {
                            throw new ModelException(
                                    ModelException.Kind.UNAVAILABLE, "first call fails", null);
                        }
                        return offline.reply(request);
                    }

                    @Override
                    public String describe() {
                        return "flaky offline";
                    }
                };
        start(flaky, site);

        // When
        HttpResponse<String> failed = postJson("/api/chat", "{\"message\":\"hello\"}");
        HttpResponse<String> retried = postJson("/api/chat", "{\"message\":\"hello\"}");

        // Then
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("retry-after")).isPresent();
        assertThat(JSON.readTree(failed.body()).at("/error/code").asText())
                .isEqualTo("model_unavailable");
        assertThat(retried.statusCode()).isEqualTo(200);
    }

    @Test
    void startFromEnvironment_servesTheConfiguredPersona_andTheBannerSaysWhatRuns()
            throws Exception {
        // Given
        Path persona = Files.createDirectories(tmp.resolve("persona"));
        Files.writeString(persona.resolve("me.txt"), "I am Bo. I repair old bicycles in Lyon.");

        // When
        server =
                DevServer.startFromEnvironment(
                        Map.of(
                                "TWIN_PORT",
                                "0",
                                "TWIN_NAME",
                                "Bo",
                                "TWIN_PERSONA_DIR",
                                persona.toString(),
                                "TWIN_MEMORY_DIR",
                                tmp.resolve("memory").toString(),
                                "TWIN_SITE_DIR",
                                site.toString()));

        // Then
        assertThat(server.banner())
                .contains(
                        "twin 'Bo' is running at http://localhost:" + server.port() + "/",
                        "model:   offline",
                        "store:   local directory",
                        "persona: local directory " + persona,
                        "site:    directory")
                .doesNotContain("FICTIONAL");
        assertThat(postJson("/api/chat", "{\"message\":\"Do you repair bicycles?\"}").body())
                .contains("bicycles in Lyon");
    }

    @Test
    void startFromEnvironment_personaWithoutMeTxt_failsAtStartupNamingTheFolder() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-persona"));

        assertThatThrownBy(
                        () ->
                                DevServer.startFromEnvironment(
                                        Map.of(
                                                "TWIN_PORT",
                                                "0",
                                                "TWIN_PERSONA_DIR",
                                                empty.toString())))
                .isInstanceOf(PersonaUnavailableException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("me.txt");
    }

    @Test
    void startFromEnvironment_missingSiteDir_failsNamingTheVariable() {
        assertThatThrownBy(
                        () ->
                                DevServer.startFromEnvironment(
                                        Map.of(
                                                "TWIN_PORT",
                                                "0",
                                                "TWIN_SITE_DIR",
                                                tmp.resolve("nope").toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TWIN_SITE_DIR=");
    }
}
