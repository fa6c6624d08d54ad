package dev.twin.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.twin.maven.cdk.CdkCli;
import dev.twin.maven.core.TwinLog;
import dev.twin.site.Chromium;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole path a twin's owner takes, in order, on this machine: generate a twin from the freshly
 * built archetype, build it, chat with it through {@code twin:run} in Debian chromium, ship it
 * (persona, site, invalidation) to s3proxy and a WireMock CloudFront, publish again without
 * uploading anything, then synthesize it and let the pinned CDK CLI list the stack. Each step is
 * one test; a step whose predecessor failed is skipped, not run on a broken project.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwinEndToEndIT {

    private static final String GROUP_ID = "com.example.ada";
    private static final String ARTIFACT_ID = "ada-twin";
    private static final String PACKAGE = "com.example.ada.twin";
    private static final String TWIN_NAME = "Ada Example";
    private static final String STACK = "twin-" + ARTIFACT_ID + "-dev";
    private static final String DISTRIBUTION_ID = "E2EADATWIN0001";
    private static final String INVALIDATION_PATH =
            "/2020-05-31/distribution/" + DISTRIBUTION_ID + "/invalidation";

    /** The repository id the nested builds know the deployed twin artifacts by. */
    private static final String RELEASE_REPO_ID = "twin-release";

    private static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration GOAL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_START_TIMEOUT = Duration.ofSeconds(90);

    private final String twinVersion = requiredProperty("twin.version");
    private Path workDir;
    private Path project;
    private NestedMaven maven;

    private static final String VISITOR_EMAIL = "visitor.e2e@example.org";
    private static final String VISITOR_EMAIL_MESSAGE =
            "My e-mail is " + VISITOR_EMAIL + ", please get in touch.";
    private Path localRepo;
    private LocalS3 s3;
    private WireMockServer cloudFront;
    private String siteBucket;
    private String memoryBucket;

    /** Steps that ended green; a later step needs its predecessors here. */
    private final List<String> passed = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final TestWatcher stepRecorder =
            new TestWatcher() {
                @Override
                public void testSuccessful(ExtensionContext context) {
                    passed.add(context.getRequiredTestMethod().getName());
                }
            };

    @BeforeAll
    void prepare() throws IOException {
        // A scratch directory outside this repository: Maven must not find twin's own .mvn/ above
        // the project.
        workDir = Files.createTempDirectory("twin-e2e-");
        Path settings = workDir.resolve("it-settings.xml");
        Files.writeString(
                settings,
                settingsXml(
                        Path.of(requiredProperty("twin.it.releaseRepo")),
                        Path.of(requiredProperty("twin.it.outerRepo"))),
                StandardCharsets.UTF_8);
        Path releaseRepo = Path.of(requiredProperty("twin.it.releaseRepo"));
        if (!Files.isDirectory(releaseRepo.resolve("dev/twin/twin-archetype"))) {
            fail(
                    "The end-to-end repository "
                            + releaseRepo
                            + " holds no twin-archetype: invoker:install (pre-integration-test) puts"
                            + " twin there; run the suite through Maven: ./mvnw -B -pl it -am verify");
        }
        // The nested builds' own local repository, with nothing of twin in it at the start of a
        // run:
        // twin's artifacts can only come from the release repository. Third-party downloads stay
        // between runs, as in a user's ~/.m2 (the published poms ask for versions this reactor
        // manages away, so a wiped repository would need the network on every run).
        localRepo = Path.of(requiredProperty("twin.it.repo"));
        deleteTree(localRepo.resolve("dev/twin"));
        Path logs = Path.of(requiredProperty("twin.it.workDir")).resolve("logs");
        deleteTree(logs);
        Map<String, String> env = new HashMap<>();
        env.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        env.put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Only the local stand-ins' test credentials; never whatever AWS profile this machine has.
        env.put("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        maven =
                new NestedMaven(
                        Path.of(requiredProperty("maven.home")),
                        localRepo,
                        settings,
                        System.getProperty("twin.it.offline", "").endsWith(":true"),
                        logs,
                        env);
        project = workDir.resolve(ARTIFACT_ID);
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (cloudFront != null) {
            cloudFront.stop();
        }
        if (s3 != null) {
            s3.close();
        }
        if (passed.size() == 6) {
            deleteTree(workDir);
        } else {
            System.err.println("[e2e] kept the generated project for inspection: " + project);
        }
    }

    @BeforeEach
    void requirePreviousSteps(TestInfo test) {
        int order = test.getTestMethod().orElseThrow().getAnnotation(Order.class).value();
        List<String> needed =
                switch (order) {
                    case 1 -> List.of();
                    case 2 -> List.of("archetypeGenerate_scaffoldsATwinProject");
                    case 5 ->
                            List.of(
                                    "archetypeGenerate_scaffoldsATwinProject",
                                    "shipGoals_uploadPersonaPublishTheSiteAndInvalidate");
                    default ->
                            List.of(
                                    "archetypeGenerate_scaffoldsATwinProject",
                                    "generatedProject_buildsGreen_andRunsItsOwnTest");
                };
        for (String step : needed) {
            Assumptions.assumeTrue(
                    passed.contains(step),
                    () -> "skipped: the earlier step " + step + " did not pass");
        }
    }

    // -------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void archetypeGenerate_scaffoldsATwinProject() throws IOException {
        // When the archetype, as deployed to the release repository, generates a twin
        maven.run(
                        "1-archetype-generate",
                        workDir,
                        GENERATE_TIMEOUT,
                        "-q",
                        "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                        "-DinteractiveMode=false",
                        "-DarchetypeCatalog=local",
                        "-DarchetypeGroupId=dev.twin",
                        "-DarchetypeArtifactId=twin-archetype",
                        "-DarchetypeVersion=" + twinVersion,
                        "-DgroupId=" + GROUP_ID,
                        "-DartifactId=" + ARTIFACT_ID,
                        "-Dversion=1.0.0-SNAPSHOT",
                        "-Dpackage=" + PACKAGE,
                        "-DtwinName=" + TWIN_NAME)
                .requireSuccess();
        assertResolvedFromReleaseRepository("twin-archetype");

        // Then the project is there, on this twin version, with the owner's name in it
        assertThat(project.resolve("pom.xml")).isRegularFile();
        assertThat(project.resolve("persona/me.txt")).isRegularFile();
        assertThat(project.resolve("src/main/java/" + PACKAGE.replace('.', '/') + "/TwinApp.java"))
                .isRegularFile();
        assertThat(project.resolve("src/main/site/theme.css")).isRegularFile();
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom)
                .contains("<twin.version>" + twinVersion + "</twin.version>")
                .contains("<twin.displayName>" + TWIN_NAME + "</twin.displayName>");
    }

    @Test
    @Order(2)
    void generatedProject_buildsGreen_andRunsItsOwnTest() throws IOException {
        // When its owner runs `mvn verify` without touching anything
        maven.run("2-verify", project, BUILD_TIMEOUT, "-q", "verify").requireSuccess();

        // Then TwinAppTest ran and passed (it synthesizes the stack through jsii)
        Path report =
                project.resolve("target/surefire-reports/TEST-" + PACKAGE + ".TwinAppTest.xml");
        assertThat(report).as("the generated project's test report").isRegularFile();
        String xml = Files.readString(report);
        assertThat(attribute(xml, "tests")).as("tests run").isPositive();
        assertThat(
                        attribute(xml, "failures")
                                + attribute(xml, "errors")
                                + attribute(xml, "skipped"))
                .as("failures + errors + skipped in " + report)
                .isZero();
        // and the twin libraries it built on came from the published artifacts, not this build
        assertResolvedFromReleaseRepository("twin-parent");
        assertResolvedFromReleaseRepository("twin-cdk-constructs");
    }

    @Test
    @Order(3)
    void twinRun_chatsInChromium_andAReloadRestoresTheConversation() throws Exception {
        Chromium.requireInstalled();
        // Given `mvn twin:run` on a free port, exactly as the owner types it: the local twin uses
        // the offline model
        // by default (twin.run.modelProvider), although the generated pom deploys Bedrock
        // (twin.modelProvider)
        int port = freePort();
        URI site = URI.create("http://127.0.0.1:" + port + "/");
        try (NestedMaven.Running run =
                maven.start("3-twin-run", project, "twin:run", "-Dtwin.port=" + port)) {
            awaitHealthy(run, site.resolve("health"));

            try (Playwright playwright = Chromium.playwright();
                    Browser browser = Chromium.launch(playwright)) {
                BrowserContext context = browser.newContext();
                List<String> consoleErrors = new ArrayList<>();
                Page page = context.newPage();
                page.onConsoleMessage(
                        m -> {
                            if ("error".equals(m.type())) {
                                consoleErrors.add(m.text());
                            }
                        });
                page.navigate(site.toString());
                PlaywrightAssertions.assertThat(page.locator("html"))
                        .hasAttribute("data-ready", "true");
                PlaywrightAssertions.assertThat(page.locator("h1")).hasText(TWIN_NAME);
                // the project's own theme (src/main/site) is what the page loads
                String servedTheme =
                        page.request().get(site.resolve("theme.css").toString()).text();
                assertThat(servedTheme)
                        .as("theme.css served by twin:run")
                        .isEqualTo(Files.readString(project.resolve("src/main/site/theme.css")));

                // When a visitor asks a question
                page.locator("#message").fill("What do you work on?");
                page.locator("#send").click();

                // Then the twin answers
                Locator visitorTurns = page.locator("#transcript > li.turn--visitor .bubble");
                // a streamed reply is drawn in a turn of its own until it is finished
                Locator twinTurns =
                        page.locator(
                                "#transcript > li.turn--twin:not(.turn--typing):not(.turn--streaming)");
                PlaywrightAssertions.assertThat(twinTurns).hasCount(1);
                String reply = twinTurns.first().innerText().strip();
                assertThat(reply).as("the twin's reply").isNotBlank();
                String sessionId = (String) page.evaluate("localStorage.getItem('twin.sessionId')");
                assertThat(sessionId).matches("[0-9a-f-]{36}");
                assertThat(
                                project.resolve(
                                        "target/twin/local/memory/conversations/"
                                                + sessionId
                                                + ".json"))
                        .as("the conversation stored by the local server")
                        .isRegularFile();

                // When the page is reloaded
                page.reload();
                PlaywrightAssertions.assertThat(page.locator("html"))
                        .hasAttribute("data-ready", "true");

                // Then the conversation comes back
                PlaywrightAssertions.assertThat(visitorTurns)
                        .hasText(new String[] {"What do you work on?"});
                PlaywrightAssertions.assertThat(twinTurns).hasCount(1);
                assertThat(twinTurns.first().innerText().strip()).isEqualTo(reply);

                // When the visitor leaves an e-mail address (the offline model records it by rule)
                page.locator("#message").fill(VISITOR_EMAIL_MESSAGE);
                page.locator("#send").click();

                // Then the twin says it passed it on
                PlaywrightAssertions.assertThat(twinTurns).hasCount(2);
                assertThat(twinTurns.nth(1).innerText()).contains("in touch");
                assertThat(consoleErrors).as("console errors in the page").isEmpty();
                context.close();
            }

            // When the run is stopped (Ctrl-C stops the whole tree: Maven and the server it forked)
            List<ProcessHandle> survivors = run.stopTree(Duration.ofSeconds(15));

            // Then nothing is left behind and the port is free again
            assertThat(survivors).as("processes of twin:run still alive").isEmpty();
            assertThat(accepts(port))
                    .as("port " + port + " still open after stopping twin:run")
                    .isFalse();
        }

        // When the owner reads the leads of the local run
        NestedMaven.Result leads =
                maven.run("3-leads", project, GOAL_TIMEOUT, "twin:leads", "-Dtwin.local")
                        .requireSuccess();

        // Then the contact left in the browser is there
        assertThat(leads.output()).contains(VISITOR_EMAIL);
    }

    @Test
    @Order(4)
    void shipGoals_uploadPersonaPublishTheSiteAndInvalidate() throws Exception {
        // Given s3proxy with the stack's two buckets (and leftovers in them), WireMock as
        // CloudFront,
        // and the outputs file twin:deploy would have written
        startStandIns();
        s3.put(siteBucket, "stale.js", "old");
        s3.put(memoryBucket, "persona/old.txt", "old");
        s3.put(memoryBucket, "conversations/keep.json", "{}");
        writeOutputsFile();
        s3.store().reset();

        // When the three shipping goals run against them
        maven.run(
                        "4-ship",
                        project,
                        GOAL_TIMEOUT,
                        "twin:upload-persona",
                        "twin:publish-frontend",
                        "twin:invalidate",
                        "-Dtwin.endpoint.s3=" + s3.endpoint(),
                        "-Dtwin.endpoint.cloudfront=" + cloudFront.baseUrl())
                .requireSuccess();

        // Then the persona is in the memory bucket, byte for byte; conversations are untouched,
        // stale persona gone
        S3Client client = s3.client();
        List<String> personaFiles;
        try (Stream<Path> files = Files.list(project.resolve("persona"))) {
            personaFiles = files.map(p -> "persona/" + p.getFileName()).sorted().toList();
        }
        // (publish/ holds the publisher's private manifest of content hashes, kept out of the
        // public site bucket)
        assertThat(keys(memoryBucket))
                .filteredOn(k -> !k.startsWith("publish/"))
                .containsExactlyInAnyOrderElementsOf(
                        concat(personaFiles, "conversations/keep.json"));
        assertThat(keys(memoryBucket))
                .filteredOn(k -> k.startsWith("publish/"))
                .containsExactly("publish/" + siteBucket + "/twin-publish-manifest.txt");
        assertThat(keys(siteBucket)).noneMatch(k -> k.contains("twin-publish-manifest"));
        assertThat(text(memoryBucket, "persona/me.txt"))
                .isEqualTo(Files.readString(project.resolve("persona/me.txt")));

        // and the site is in the frontend bucket: the bundled page, the project's theme,
        // config.json; stale file gone
        assertThat(keys(siteBucket))
                .contains(
                        "index.html",
                        "app.js",
                        "styles.css",
                        "config.json",
                        "theme.css",
                        "avatar.svg")
                .doesNotContain("stale.js");
        HeadObjectResponse index = client.headObject(b -> b.bucket(siteBucket).key("index.html"));
        assertThat(index.contentType().replace(" ", "").toLowerCase())
                .isEqualTo("text/html;charset=utf-8");
        assertThat(text(siteBucket, "theme.css"))
                .as("theme.css published from src/main/site")
                .isEqualTo(Files.readString(project.resolve("src/main/site/theme.css")));
        assertThat(text(siteBucket, "config.json"))
                .contains("\"twinName\"")
                .contains(TWIN_NAME)
                .contains("What do you work on?");
        assertThat(s3.store().writes())
                .as("object writes that reached s3proxy")
                .isNotEmpty()
                .contains(
                        "PUT " + siteBucket + "/index.html",
                        "PUT " + memoryBucket + "/persona/me.txt");

        // and CloudFront received exactly one invalidation for the distribution, with a unique
        // caller reference
        List<LoggedRequest> invalidations =
                cloudFront.findAll(postRequestedFor(urlEqualTo(INVALIDATION_PATH)));
        assertThat(invalidations).hasSize(1);
        // naming what changed: the uploaded files and the deleted one (a short list here, not a
        // wildcard)
        String batch = invalidations.get(0).getBodyAsString();
        List<String> paths =
                Pattern.compile("<Path>([^<]*)</Path>")
                        .matcher(batch)
                        .results()
                        .map(r -> r.group(1))
                        .toList();
        assertThat(paths)
                .contains("/index.html", "/config.json", "/theme.css", "/stale.js")
                .doesNotContain("/*");
        assertThat(batch)
                .contains("<Quantity>" + paths.size() + "</Quantity>")
                .containsPattern("<CallerReference>[^<]+<");
        assertThat(cloudFront.findAll(anyRequestedFor(anyUrl())))
                .as("requests to CloudFront")
                .hasSize(1);
    }

    @Test
    @Order(5)
    void publishFrontend_again_uploadsNothing() {
        // Given the site published by the previous step, and a fresh count of what reaches s3proxy
        List<String> before = keys(siteBucket);
        s3.store().reset();

        // When the site is published again, unchanged
        NestedMaven.Result again =
                maven.run(
                                "5-publish-again",
                                project,
                                GOAL_TIMEOUT,
                                "twin:publish-frontend",
                                "-Dtwin.endpoint.s3=" + s3.endpoint())
                        .requireSuccess();

        // Then not one object was written or deleted, and the goal says why
        assertThat(s3.store().writes())
                .as("object writes that reached s3proxy on the second publish")
                .isEmpty();
        assertThat(s3.store().deletes())
                .as("deletes that reached s3proxy on the second publish")
                .isEmpty();
        assertThat(keys(siteBucket)).containsExactlyElementsOf(before);
        assertThat(again.output())
                .containsPattern("0 to upload \\(0 B\\), \\d+ unchanged, 0 to delete");
    }

    @Test
    @Order(6)
    void synth_writesAnAssembly_thatThePinnedCdkCliLists() throws IOException {
        // When the project's CDK app is synthesized
        maven.run("6-synth", project, BUILD_TIMEOUT, "-q", "twin:synth").requireSuccess();
        // with the plugin and the Lambda jar from the published artifacts
        assertResolvedFromReleaseRepository("twin-maven-plugin");
        assertResolvedFromReleaseRepository("twin-runtime");
        Path cdkOut = project.resolve("target/cdk.out");
        assertThat(cdkOut.resolve("manifest.json")).isRegularFile();
        assertThat(cdkOut.resolve(STACK + ".template.json")).isRegularFile();

        // Then the pinned CDK CLI (installed once into its cache by the plugin's CdkCli) reads it
        // and lists the stack
        List<String> lines = new CopyOnWriteArrayList<>();
        TwinLog capture =
                new TwinLog() {
                    @Override
                    public void info(String message) {
                        lines.add(message);
                    }

                    @Override
                    public void warn(String message) {
                        lines.add("WARN " + message);
                    }

                    @Override
                    public void debug(String message) {}
                };
        try {
            new CdkCli(CdkCli.defaultCacheRoot(), Map.of(), capture)
                    .run("ls", List.of("--app", cdkOut.toString()));
        } catch (RuntimeException e) {
            fail(
                    "cdk ls --app "
                            + cdkOut
                            + " failed: "
                            + e.getMessage()
                            + "\n--- CLI output ---\n"
                            + String.join("\n", lines));
        }
        assertThat(lines).as("output of cdk ls").contains(STACK);
    }

    // -------------------------------------------------------------------------------------------------------------

    private void startStandIns() throws Exception {
        s3 = LocalS3.start();
        siteBucket = ARTIFACT_ID + "-dev-site-e2e";
        memoryBucket = ARTIFACT_ID + "-dev-memory-e2e";
        s3.createBucket(siteBucket);
        s3.createBucket(memoryBucket);
        cloudFront = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        cloudFront.start();
        cloudFront.stubFor(
                post(urlEqualTo(INVALIDATION_PATH))
                        .willReturn(
                                aResponse()
                                        .withStatus(201)
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2E2EADA</Id>\
                        <Status>InProgress</Status><CreateTime>2026-11-25T10:00:00Z</CreateTime><InvalidationBatch>\
                        <Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>\
                        <CallerReference>e2e</CallerReference></InvalidationBatch></Invalidation>""")));
    }

    private void writeOutputsFile() throws IOException {
        Path outputs = project.resolve("target/twin/dev/outputs.json");
        Files.createDirectories(outputs.getParent());
        Files.writeString(
                outputs,
                """
                {"%s": {"FrontendBucketName": "%s", "MemoryBucketName": "%s", "DistributionId": "%s",
                  "CloudFrontDomain": "d111e2e.cloudfront.net", "ApiEndpoint": "https://e2e.execute-api.us-east-1.amazonaws.com",
                  "ApiKeySecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:ada-key-AbCdEf"}}
                """
                        .formatted(STACK, siteBucket, memoryBucket, DISTRIBUTION_ID),
                StandardCharsets.UTF_8);
    }

    private List<String> keys(String bucket) {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    private String text(String bucket, String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private static List<String> concat(List<String> list, String extra) {
        List<String> all = new ArrayList<>(list);
        all.add(extra);
        return all;
    }

    private static void awaitHealthy(NestedMaven.Running run, URI health)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + RUN_START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!run.isAlive()) {
                fail(run.describe("ended before the twin answered on " + health));
            }
            try {
                HttpResponse<String> response =
                        http.send(
                                HttpRequest.newBuilder(health)
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("healthy")) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            Thread.sleep(250);
        }
        fail(
                run.describe(
                        "did not answer on "
                                + health
                                + " within "
                                + RUN_START_TIMEOUT.toSeconds()
                                + " s"));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int attribute(String xml, String name) {
        Matcher m = Pattern.compile("<testsuite[^>]*\\s" + name + "=\"(\\d+)\"").matcher(xml);
        if (!m.find()) {
            throw new AssertionError(
                    "No "
                            + name
                            + " attribute in the surefire report:\n"
                            + xml.lines().limit(3).toList());
        }
        return Integer.parseInt(m.group(1));
    }

    private static String settingsXml(Path releaseRepo, Path outerRepo) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Nested builds of the e2e suite, as a user who only has published artifacts: twin's come from
                     the release repository this build deployed to (the only one with snapshots), everything else
                     from the outer build's local repository first (releases only), then Central. -->
                <settings>
                  <pluginGroups>
                    <pluginGroup>dev.twin</pluginGroup>
                  </pluginGroups>
                  <profiles>
                    <profile>
                      <id>outer-repo</id>
                      <activation><activeByDefault>true</activeByDefault></activation>
                      <repositories>
                        <repository>
                          <id>%2$s</id>
                          <url>%3$s</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>true</enabled></snapshots>
                        </repository>
                        <repository>
                          <id>outer.local</id>
                          <url>%1$s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>%2$s</id>
                          <url>%3$s</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>true</enabled></snapshots>
                        </pluginRepository>
                        <pluginRepository>
                          <id>outer.local</id>
                          <url>%1$s</url>
                          <releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                </settings>
                """
                .formatted(outerRepo.toUri(), RELEASE_REPO_ID, releaseRepo.toUri());
    }

    /**
     * The fresh local repository got {@code artifactId} from the release repository (Maven records
     * where each file came from in {@code _remote.repositories}).
     */
    private void assertResolvedFromReleaseRepository(String artifactId) throws IOException {
        Path dir = localRepo.resolve("dev/twin").resolve(artifactId).resolve(twinVersion);
        Path origins = dir.resolve("_remote.repositories");
        assertThat(origins)
                .as("%s in the nested builds' local repository", artifactId)
                .isRegularFile();
        assertThat(Files.readString(origins))
                .as("where %s came from", artifactId)
                .contains(">" + RELEASE_REPO_ID + "=");
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "System property "
                            + name
                            + " is not set — run this suite through Maven "
                            + "(./mvnw -pl it -am verify), whose failsafe configuration passes it");
        }
        return value;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
