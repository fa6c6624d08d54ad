package dev.twin.runtime.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.aws.RestorableCredentials;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.InMemoryConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ChatSettings;
import dev.twin.runtime.http.ApiError;
import dev.twin.runtime.http.HttpRequest;
import dev.twin.runtime.http.HttpResponse;
import dev.twin.runtime.http.OriginLock;
import dev.twin.runtime.http.Routes;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.limit.ClientAddress;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.observe.Telemetry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda front: API Gateway HTTP API (payload format 2.0) events in, {@link Routes} answers out.
 * Entry point {@code dev.twin.runtime.lambda.TwinHandler::handleRequest}.
 *
 * <p>A {@link RequestStreamHandler} reading the event with the streaming JSON parser: the
 * aws-lambda-java-events mapping would reflect over the whole event class tree at cold start.
 * Adapters and SDK clients are built once per execution environment, in static init. CORS headers
 * go only to the origin(s) in {@code TWIN_ALLOWED_ORIGIN} (comma-separated), and {@code OPTIONS}
 * preflights are answered here. The client address handed to the routes (for the rate limit) is
 * CloudFront's {@code CloudFront-Viewer-Address}, else the event's source IP; never {@code
 * X-Forwarded-For}, whose first entries the viewer writes. Before a SnapStart snapshot, the CRaC
 * {@link #beforeCheckpoint} hook runs the hot path over the offline model and an in-memory store,
 * so the snapshot holds loaded, JIT-warmed classes without touching any real service.
 */
public final class TwinHandler implements RequestStreamHandler, Resource {

    /** Built when the handler class is first instantiated: during the Lambda init phase. */
    private static final class Environment {
        static final long INIT_MS;
        static final Wiring WIRING;

        static {
            long start = System.nanoTime();
            WIRING = Wiring.fromEnvironment(System.getenv());
            WIRING.originLock().load();
            // one offline, in-memory round moves class loading and SecureRandom seeding out of the
            // first
            // visitor's request into the init phase (which Lambda runs at full CPU)
            prime(1);
            INIT_MS = (System.nanoTime() - start) / 1_000_000;
            Log.info(
                    "init",
                    "wired in "
                            + INIT_MS
                            + " ms; model: "
                            + WIRING.model().describe()
                            + "; store: "
                            + WIRING.store().describe()
                            + "; persona: "
                            + WIRING.persona().describe()
                            + "; origin lock: "
                            + WIRING.originLock().describe());
        }
    }

    private static final String CORS_METHODS = "GET, POST, DELETE, OPTIONS";
    private static final String CORS_HEADERS = "content-type";
    private static final int MAX_ENCODED_BODY = Routes.MAX_BODY_BYTES * 4 / 3 + 8;

    private final Routes routes;
    private final Set<String> allowedOrigins;
    private final OriginLock originLock;

    /** What Lambda calls: wires from the environment (once per execution environment). */
    public TwinHandler() {
        this(
                Environment.WIRING.routes(),
                Environment.WIRING.settings().allowedOrigin(),
                Environment.WIRING.originLock());
        Core.getGlobalContext().register(this);
    }

    /** For tests and priming: a handler over a given route table, without an origin lock. */
    public TwinHandler(Routes routes, String allowedOrigins) {
        this(routes, allowedOrigins, OriginLock.off());
    }

    /** A handler over a given route table that refuses requests the origin lock does not pass. */
    public TwinHandler(Routes routes, String allowedOrigins, OriginLock originLock) {
        this.routes = routes;
        this.originLock = originLock;
        Set<String> origins = new HashSet<>();
        if (allowedOrigins != null) {
            for (String o : allowedOrigins.split(",")) {
                if (!o.isBlank()) {
                    origins.add(o.strip());
                }
            }
        }
        this.allowedOrigins = Set.copyOf(origins);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
            throws IOException {
        HttpResponse response;
        String origin = null;
        try {
            ApiGatewayEvent event = ApiGatewayEvent.read(input);
            Map<String, String> headers = lowerCase(event.headers());
            origin = headers.get("origin");
            String requestId =
                    event.requestId() != null
                            ? event.requestId()
                            : context != null && context.getAwsRequestId() != null
                                    ? context.getAwsRequestId()
                                    : UUID.randomUUID().toString();
            if (event.viaFunctionUrl() && Routes.isStreamPath(pathWithoutStage(event))) {
                // the function URL door (RESPONSE_STREAM): events go out as they happen. Its lock
                // is
                // IAM: only this distribution's origin access control may invoke the URL, so the
                // API origin's secret header is not part of it
                byte[] streamBody = decodeBody(event);
                if (streamBody != null) {
                    routes.stream(
                            new HttpRequest(
                                    event.method(),
                                    pathWithoutStage(event),
                                    event.queryStringParameters(),
                                    headers,
                                    streamBody,
                                    requestId,
                                    ClientAddress.forLambda(
                                            headers.get("cloudfront-viewer-address"),
                                            event.sourceIp())),
                            new FunctionUrlSink(output));
                    return;
                }
            }
            // before the body is even decoded: a direct caller gets nothing but the refusal
            OriginLock.Verdict verdict = originLock.check(headers.remove(OriginLock.HEADER));
            byte[] body =
                    verdict == OriginLock.Verdict.VERIFIED || verdict == OriginLock.Verdict.OFF
                            ? decodeBody(event)
                            : null;
            if (verdict == OriginLock.Verdict.REFUSED) {
                response =
                        routes.refused(
                                event.method(),
                                requestId,
                                new ApiError(
                                        403,
                                        OriginLock.REFUSED_CODE,
                                        "this API answers only through the twin's own site; open the site and chat there"));
            } else if (verdict == OriginLock.Verdict.UNAVAILABLE) {
                response =
                        routes.refused(
                                event.method(),
                                requestId,
                                new ApiError(
                                        503,
                                        "origin_check_unavailable",
                                        "the twin cannot check where this request came from right now; try again in a moment"));
                response = response.withHeader("retry-after", "2");
            } else if (body == null) {
                response =
                        new ApiError(
                                        400,
                                        "invalid_json",
                                        "the request body is not valid base64; send JSON")
                                .toResponse(Map.of("x-request-id", requestId));
            } else {
                response =
                        routes.handle(
                                new HttpRequest(
                                        event.method(),
                                        pathWithoutStage(event),
                                        event.queryStringParameters(),
                                        headers,
                                        body,
                                        requestId,
                                        ClientAddress.forLambda(
                                                // trusted only on a request that proved it came
                                                // through CloudFront (or with no lock at all)
                                                headers.get("cloudfront-viewer-address"),
                                                event.sourceIp())));
            }
            if (event.method().equalsIgnoreCase("HEAD")) {
                // a HEAD answer has headers only (RFC 9110 9.3.2); the dev server's HTTP layer does
                // the same
                response = new HttpResponse(response.status(), response.headers(), null);
            }
        } catch (ApiGatewayEvent.NotAnHttpEventException e) {
            Log.warn("invalid_event", e.getMessage());
            // every answer carries a request id, even one to an event that never reached the routes
            String requestId =
                    context != null && context.getAwsRequestId() != null
                            ? context.getAwsRequestId()
                            : UUID.randomUUID().toString();
            response =
                    new ApiError(400, "invalid_event", e.getMessage())
                            .toResponse(Map.of("x-request-id", requestId));
        }
        writeResponse(withCors(response, origin), output);
    }

    /**
     * The init time of the wiring in this execution environment, in ms (the benchmark reads it).
     */
    public static long initMillis() {
        return Environment.INIT_MS;
    }

    private HttpResponse withCors(HttpResponse response, String origin) {
        if (origin == null || !allowedOrigins.contains(origin)) {
            return response;
        }
        Map<String, String> h = new LinkedHashMap<>(response.headers());
        h.put("access-control-allow-origin", origin);
        h.put("vary", "origin");
        h.put("access-control-allow-methods", CORS_METHODS);
        h.put("access-control-allow-headers", CORS_HEADERS);
        h.put("access-control-max-age", "600");
        h.put("access-control-expose-headers", "x-request-id, retry-after");
        return new HttpResponse(response.status(), h, response.body());
    }

    /**
     * API Gateway puts a named stage in rawPath ({@code /prod/api/chat}); routes do not know
     * stages.
     */
    private static String pathWithoutStage(ApiGatewayEvent e) {
        String stage = e.stage();
        String path = e.rawPath();
        if (stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            return path.substring(stage.length() + 1);
        }
        return path;
    }

    /**
     * The body bytes; {@code null} when base64 is invalid. Oversized bodies are cut to one byte
     * over the limit.
     */
    private static byte[] decodeBody(ApiGatewayEvent e) {
        String body = e.body();
        if (body == null) {
            return new byte[0];
        }
        if (!e.base64Encoded()) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return bytes.length > Routes.MAX_BODY_BYTES
                    ? Arrays.copyOf(bytes, Routes.MAX_BODY_BYTES + 1)
                    : bytes;
        }
        if (body.length() > MAX_ENCODED_BODY) {
            return new byte[Routes.MAX_BODY_BYTES + 1]; // too large either way; Routes answers 413
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> out = new HashMap<>(headers.size() * 2);
        headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static void writeResponse(HttpResponse r, OutputStream output) throws IOException {
        try (JsonGenerator g = Json.FACTORY.createGenerator(output)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", r.status());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeStringField("body", new String(r.body(), StandardCharsets.UTF_8));
            g.writeBooleanField("isBase64Encoded", false);
            g.writeEndObject();
        }
    }

    // ---- SnapStart priming (CRaC) ----

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long start = System.nanoTime();
        int answered = prime(20);
        String adapters = SnapStartPriming.primeAdapters(Environment.WIRING);
        Log.info(
                "snapstart_priming",
                answered
                        + " requests, adapters: "
                        + adapters
                        + " in "
                        + (System.nanoTime() - start) / 1_000_000
                        + " ms");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Credentials and the origin secret are read again, never taken from the snapshot.
        // Session ids need no re-seeding: UUID.randomUUID()'s NativePRNG mixes fresh /dev/urandom
        // bytes into every call, and priming caches no unique value.
        RestorableCredentials.shared().renew();
        originLock.reload(); // the lock of the Lambda's handler is the wiring's
    }

    /**
     * Runs {@code rounds} rounds of health, chat, follow-up chat, conversation read and a bad
     * request through a handler over the offline model and an in-memory store, discarding the logs.
     *
     * @return how many requests were answered with the expected status
     */
    public static int prime(int rounds) {
        BundledPersonaSource persona = new BundledPersonaSource();
        ChatService chat =
                new ChatService(
                        new OfflineChatModel(persona, "Ada Quill"),
                        new InMemoryConversationStore(),
                        persona,
                        ChatSettings.defaults("Ada Quill"),
                        Clock.systemUTC());
        TwinHandler handler =
                new TwinHandler(new Routes(chat, Telemetry.discard()), "https://priming.invalid");
        String sessionId = "7b0f6c1e-3d2a-4f5b-8c9d-0e1f2a3b4c5d";
        String chatBody =
                Base64.getEncoder()
                        .encodeToString(
                                ("{\"message\":\"What do you do for work?\",\"session_id\":\""
                                                + sessionId
                                                + "\"}")
                                        .getBytes(StandardCharsets.UTF_8));
        int ok = 0;
        for (int i = 0; i < rounds; i++) {
            ok += primeOne(handler, event("GET", "/api/health", null, false), 200);
            ok += primeOne(handler, event("POST", "/api/chat", chatBody, true), 200);
            ok += primeOne(handler, event("POST", "/chat", "{\"message\":\"hello\"}", false), 200);
            ok +=
                    primeOne(
                            handler,
                            event("GET", "/api/conversation/" + sessionId, null, false),
                            200);
            ok += primeOne(handler, event("POST", "/api/chat", "{\"message\":", false), 400);
            ok += primeOne(handler, event("OPTIONS", "/api/chat", null, false), 204);
        }
        return ok;
    }

    private static int primeOne(TwinHandler handler, byte[] event, int expectedStatus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
        } catch (IOException e) {
            return 0;
        }
        return out.toString(StandardCharsets.UTF_8).startsWith("{\"statusCode\":" + expectedStatus)
                ? 1
                : 0;
    }

    private static byte[] event(String method, String path, String body, boolean base64) {
        return Json.write(
                512,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("version", "2.0");
                    g.writeStringField("routeKey", "$default");
                    g.writeStringField("rawPath", path);
                    g.writeStringField("rawQueryString", "");
                    g.writeObjectFieldStart("headers");
                    g.writeStringField("content-type", "application/json");
                    g.writeStringField("origin", "https://priming.invalid");
                    g.writeEndObject();
                    g.writeObjectFieldStart("requestContext");
                    g.writeStringField("requestId", "priming");
                    g.writeStringField("stage", "$default");
                    g.writeObjectFieldStart("http");
                    g.writeStringField("method", method);
                    g.writeStringField("path", path);
                    g.writeEndObject();
                    g.writeEndObject();
                    if (body != null) {
                        g.writeStringField("body", body);
                    }
                    g.writeBooleanField("isBase64Encoded", base64);
                    g.writeEndObject();
                });
    }
}
