package dev.twin.runtime.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.InvalidSettingException;
import dev.twin.runtime.Settings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.http.ApiError;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.http.ResponseSink;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.lambda.TwinHandler;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ConversationStore;
import dev.twin.runtime.port.PersonaSource;
import dev.twin.runtime.port.PersonaUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local front: the JDK HTTP server serving the same {@link Routes} as the Lambda (at {@code
 * /health}, {@code /chat}, {@code /conversation/{id}} and under {@code /api}), plus the site's
 * static files at {@code /} and a {@code /config.json}. {@code java -jar
 * twin-runtime-<version>-lambda.jar} runs {@link #main}, configured by the environment ({@link
 * RuntimeEnv}).
 *
 * <p>In-process use (tests of other modules, {@code twin:run}):
 *
 * <pre>{@code
 * Settings settings = Settings.from(Map.of("TWIN_NAME", "Ada Quill"));
 * PersonaSource persona = new BundledPersonaSource();           // or new LocalPersonaSource(dir, interval, clock)
 * ChatModel model = new OfflineChatModel(persona, "Ada Quill");  // or a flaky wrapper around it
 * Path siteDir = null;                                          // null: classpath twin-site/
 * try (DevServer server = DevServer.start(model, new InMemoryConversationStore(), persona, settings, siteDir, 0)) {
 *   URI base = server.uri();                                    // http://127.0.0.1:<free port>/
 * }
 * }</pre>
 *
 * or {@link #start(Wiring, Path, int)} with {@code Wiring.fromEnvironment(env)}, or {@link
 * #start(Routes, SiteOptions, int)} with an already-built route table, or {@link
 * #startFromEnvironment(Map)} (what {@code java -jar} runs; prints nothing, see {@link #banner()}).
 * The server binds {@code 127.0.0.1} unless {@code TWIN_HOST} says otherwise, so a dev twin is not
 * on the network.
 */
public final class DevServer implements AutoCloseable {

    /**
     * What the static side needs to know: where the files are and what the generated config.json
     * says.
     */
    public record SiteOptions(Path siteDir, String twinName, String intro, String host) {
        public SiteOptions {
            if (twinName == null || twinName.isBlank()) {
                twinName = "Twin";
            }
            if (host == null || host.isBlank()) {
                host = "127.0.0.1";
            }
        }
    }

    /**
     * The JDK server reads a request's headers and body on a pool thread, so a request that never
     * finishes (slowloris) holds that thread. It closes such a connection after this many seconds
     * (unless the property is set already); the pool is large enough that a few stalled connections
     * do not starve visitors meanwhile. Read by the JDK once, when its first server starts.
     */
    private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    /**
     * The JDK server leaves Nagle's algorithm on, so a small answer (an event, a short JSON reply)
     * waits for the client's delayed ACK: about 40 ms a turn over a kept-alive connection. Also
     * read once, when its first server starts.
     */
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";

    private static final int THREADS = 64;

    static {
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "5");
        }
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;
    private final StaticFiles files;
    private final byte[] generatedConfig;
    private final boolean serveConfigFromSite;
    private final String host;
    private volatile String banner;

    private DevServer(Routes routes, SiteOptions site, int port) throws IOException {
        this.routes = routes;
        this.files = new StaticFiles(site.siteDir(), DevServer.class.getClassLoader());
        this.serveConfigFromSite = files.hasFile("config.json");
        this.generatedConfig = configJson(site.twinName(), site.intro());
        this.host = site.host();
        this.server = HttpServer.create(new InetSocketAddress(site.host(), port), 64);
        this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves an already-wired route table. {@code port} 0 picks a free port. */
    public static DevServer start(Routes routes, SiteOptions site, int port) {
        if (site.siteDir() != null && !Files.isDirectory(site.siteDir())) {
            throw new InvalidSettingException(
                    RuntimeEnv.SITE_DIR,
                    site.siteDir().toString(),
                    "it is not a directory; point it at the folder holding the site's index.html, or unset it");
        }
        try {
            return new DevServer(routes, site, port);
        } catch (BindException e) {
            throw new InvalidSettingException(
                    RuntimeEnv.PORT,
                    Integer.toString(port),
                    "the port is already in use; stop the other server or set TWIN_PORT to a free port");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the dev server on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves a wiring (e.g. {@code Wiring.fromEnvironment(env)}); {@code siteDir} null = classpath
     * site.
     */
    public static DevServer start(Wiring wiring, Path siteDir, int port) {
        Settings s = wiring.settings();
        return start(
                wiring.routes(),
                new SiteOptions(siteDir, wiring.twinName(), s.intro(), s.host()),
                port);
    }

    /**
     * Wires the given adapters with {@code settings}' limits and name, logging requests to stdout,
     * and serves them. {@code siteDir} null = classpath site; {@code port} 0 = a free port.
     */
    public static DevServer start(
            ChatModel model,
            ConversationStore store,
            PersonaSource persona,
            Settings settings,
            Path siteDir,
            int port) {
        String name = settings.twinName() != null ? settings.twinName() : "Twin";
        return start(
                Wiring.of(model, store, persona, settings, Telemetry.stdout(name)), siteDir, port);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:54321/}. */
    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Where static files come from: a directory, the classpath, or none (a stand-in page). */
    public String siteDescription() {
        return files.describe();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            if (Routes.isStreamPath(rawPath)) {
                HttpRequest request = toRequest(exchange, rawPath);
                if (request != null) {
                    routes.stream(request, new ExchangeSink(exchange));
                    return;
                }
            }
            HttpResponse response;
            try {
                if (Routes.isApiPath(rawPath)) {
                    HttpRequest request = toRequest(exchange, rawPath);
                    response =
                            request != null
                                    ? routes.handle(request)
                                    : new ApiError(
                                                    400,
                                                    "unreadable_body",
                                                    "the request body could not be read (broken chunked encoding,"
                                                            + " or the connection ended early); send the body again with a correct Content-Length")
                                            .toResponse(
                                                    Map.of(
                                                            "x-request-id",
                                                            UUID.randomUUID().toString()));
                } else {
                    // static answers carry a request id too, so every answer of this server can be
                    // quoted in a report
                    response =
                            staticResponse(
                                            exchange.getRequestMethod(),
                                            exchange.getRequestURI().getPath())
                                    .withHeader("x-request-id", UUID.randomUUID().toString());
                }
            } catch (IOException | RuntimeException e) {
                // Routes never throws; this is the static side failing to read a file
                Log.warn("static_file_failed", e.toString());
                response =
                        new ApiError(
                                        500,
                                        "internal_error",
                                        "the file could not be read; see the server log")
                                .toResponse(Map.of("x-request-id", UUID.randomUUID().toString()));
            }
            send(exchange, response);
        }
    }

    /**
     * The request for the routes; {@code null} when its body cannot be read (a visitor's fault, not
     * ours).
     */
    private HttpRequest toRequest(HttpExchange exchange, String rawPath) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        byte[] body;
        try {
            body = readBounded(exchange.getRequestBody(), Routes.MAX_BODY_BYTES + 1);
        } catch (IOException brokenFraming) {
            return null;
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        return new HttpRequest(
                exchange.getRequestMethod(),
                rawPath,
                Map.of(),
                headers,
                body,
                UUID.randomUUID().toString(),
                remote == null || remote.getAddress() == null
                        ? null
                        : remote.getAddress().getHostAddress());
    }

    /**
     * Reads at most {@code limit} bytes: enough for Routes to see "too large", never an unbounded
     * buffer.
     */
    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit);
        if (body.length == limit) {
            // discard (up to 1 MB of) the rest, so the client can finish sending and read the 413
            // instead of seeing the connection reset under it
            long skipped = 0;
            byte[] sink = new byte[8192];
            int n;
            while (skipped < DRAIN_LIMIT && (n = in.read(sink)) > 0) {
                skipped += n;
            }
        }
        return body;
    }

    private static final long DRAIN_LIMIT = 1024 * 1024;

    private HttpResponse staticResponse(String method, String decodedPath) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new ApiError(
                            405, "method_not_allowed", "the site's files only answer GET and HEAD")
                    .toResponse(Map.of("allow", "GET, HEAD"));
        }
        if (decodedPath.equals("/config.json") && !serveConfigFromSite) {
            return file(generatedConfig, "application/json; charset=utf-8");
        }
        StaticFiles.Found found = files.find(decodedPath);
        if (found == null
                && !files.available()
                && (decodedPath.equals("/") || decodedPath.equals("/index.html"))) {
            try (InputStream in = DevServer.class.getResourceAsStream("fallback.html")) {
                return file(in.readAllBytes(), "text/html; charset=utf-8");
            }
        }
        if (found == null) {
            return new ApiError(
                            404,
                            "not_found",
                            "no file "
                                    + (decodedPath.length() > 80
                                            ? decodedPath.substring(0, 77) + "..."
                                            : decodedPath)
                                    + " in the site")
                    .toResponse(Map.of());
        }
        return file(found.bytes(), found.contentType());
    }

    private static HttpResponse file(byte[] bytes, String type) {
        return new HttpResponse(
                200,
                Map.of(
                        "content-type",
                        type,
                        "cache-control",
                        "no-cache",
                        "x-content-type-options",
                        "nosniff",
                        "referrer-policy",
                        "no-referrer"),
                bytes);
    }

    private static void send(HttpExchange exchange, HttpResponse r) throws IOException {
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody =
                r.status() == 204
                        || r.status() == 304
                        || exchange.getRequestMethod().equals("HEAD");
        if (noBody) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    /**
     * Streams a response: chunked, each write sent as its own chunk and flushed to the socket at
     * once; the connection stays open for the next request (keep-alive).
     */
    private static final class ExchangeSink implements ResponseSink {
        private final HttpExchange exchange;
        private OutputStream out;

        ExchangeSink(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void start(int status, Map<String, String> headers) throws IOException {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean noBody = status == 204 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, noBody ? -1 : 0);
            out = noBody ? OutputStream.nullOutputStream() : exchange.getResponseBody();
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    static byte[] configJson(String twinName, String intro) {
        String greeting =
                intro != null
                        ? intro
                        : "Hi, I'm "
                                + twinName
                                + ". Ask me about my work, my background or what I enjoy.";
        return Json.write(
                256,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("apiUrl", "/api");
                    g.writeStringField("twinName", twinName);
                    g.writeNullField("avatar");
                    g.writeStringField("intro", greeting);
                    g.writeArrayFieldStart("starterQuestions");
                    g.writeEndArray();
                    // this server answers /api/chat/stream as it is produced (docs/streaming.md)
                    g.writeBooleanField("streaming", true);
                    g.writeEndObject();
                });
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "twin-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Wires from {@code env} ({@link RuntimeEnv} names), checks that the persona loads, starts the
     * server on {@code TWIN_PORT} and returns it; {@link #banner()} then says where it runs and
     * with what. What {@code java -jar} and {@code twin:run} use.
     *
     * @throws InvalidSettingException a setting is wrong (the message names it, its value and the
     *     fix)
     * @throws PersonaUnavailableException the persona cannot be loaded (e.g. no me.txt)
     */
    public static DevServer startFromEnvironment(Map<String, String> env) {
        long start = System.nanoTime();
        Wiring wiring = Wiring.fromEnvironment(env);
        wiring.persona().current(); // fail at startup, not on the first question
        DevServer server = start(wiring, wiring.settings().siteDir(), wiring.settings().port());
        long ms = (System.nanoTime() - start) / 1_000_000;
        String url = server.uri().toString().replace("://127.0.0.1:", "://localhost:");
        StringBuilder b = new StringBuilder();
        b.append("twin '")
                .append(wiring.twinName())
                .append("' is running at ")
                .append(url)
                .append(" (started in ")
                .append(ms)
                .append(" ms)\n");
        b.append("  model:   ").append(wiring.model().describe()).append('\n');
        b.append("  store:   ").append(wiring.store().describe()).append('\n');
        b.append("  persona: ").append(wiring.persona().describe()).append('\n');
        if (wiring.usesSamplePersona()) {
            b.append(
                    "           (a FICTIONAL sample persona; set TWIN_PERSONA_DIR to a folder with your me.txt)\n");
        }
        b.append("  site:    ")
                .append(
                        server.siteDescription().equals("none")
                                ? "none found: a minimal stand-in page is served (set TWIN_SITE_DIR)"
                                : server.siteDescription())
                .append('\n');
        b.append("  API:     ").append(url).append("api/chat, ").append(url).append("api/health");
        server.banner = b.toString();
        return server;
    }

    /** Where the server runs and with which model, store, persona and site (multi-line). */
    public String banner() {
        return banner != null
                ? banner
                : "twin is running at " + uri() + " (site: " + siteDescription() + ")";
    }

    /** Runs the twin locally: {@code java -jar twin-runtime-<version>-lambda.jar}. */
    public static void main(String[] args) {
        // load and initialise the hot path on the second core while this one wires and binds
        Thread warmUp = new Thread(() -> TwinHandler.prime(1), "twin-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        DevServer server;
        try {
            server = startFromEnvironment(System.getenv());
        } catch (InvalidSettingException | PersonaUnavailableException | UncheckedIOException e) {
            System.err.println("twin: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(server.banner() + "\nPress Ctrl+C to stop.");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "twin-shutdown"));
        // the HTTP threads are daemons: keep the JVM alive until Ctrl+C
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
