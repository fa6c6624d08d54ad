package dev.twin.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.twin.contract.RuntimeMetrics;
import dev.twin.runtime.chat.ChatOutcome;
import dev.twin.runtime.chat.ChatService;
import dev.twin.runtime.chat.ConversationBusyException;
import dev.twin.runtime.chat.ConversationNotFoundException;
import dev.twin.runtime.chat.ConversationTooLongException;
import dev.twin.runtime.chat.InvalidMessageException;
import dev.twin.runtime.chat.InvalidSessionIdException;
import dev.twin.runtime.chat.ModelCallFailedException;
import dev.twin.runtime.chat.SessionId;
import dev.twin.runtime.chat.TurnIdReusedException;
import dev.twin.runtime.json.ConversationCodec;
import dev.twin.runtime.json.CorruptConversationException;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.limit.BudgetUnavailableException;
import dev.twin.runtime.limit.ChatRateLimit;
import dev.twin.runtime.limit.DailyLimitReachedException;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.observe.RequestRecord;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.PersonaUnavailableException;
import dev.twin.runtime.port.StoreUnavailableException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one route table, served by both fronts (Lambda and the dev server): {@code GET /health},
 * {@code POST /chat}, {@code GET /conversation/{session_id}}, each also under {@code /api}. It
 * validates input, maps every failure to a JSON error with the right status, and writes the request
 * log / metrics line. CORS is the Lambda front's business, not this table's.
 *
 * <p>Content type: {@code POST /chat} requires {@code Content-Type: application/json} (any
 * parameters; a {@code charset} must be UTF-8). A <em>missing</em> content type is refused too,
 * because a request without one is a CORS "simple request" that any web page could send
 * cross-origin without a preflight; requiring JSON keeps the allowed-origin check meaningful.
 */
public final class Routes {

    /** Largest accepted request body; fronts stop reading after one more byte. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    static final String ROUTE_HEALTH = "/health";
    static final String ROUTE_CHAT = "/chat";
    static final String ROUTE_CHAT_STREAM = "/chat/stream";
    static final String ROUTE_CONVERSATION = "/conversation/{session_id}";
    private static final String CONVERSATION_PREFIX = "/conversation";

    /** Error codes of the cost guard (docs/cost-guard.md); the request log line carries them. */
    public static final String RATE_LIMITED = "rate_limited";

    /** The shared daily budget cannot be read or written: no model call (fails closed). */
    public static final String BUDGET_UNAVAILABLE = "budget_unavailable";

    private final ChatService chat;
    private final Telemetry telemetry;
    private final ChatRateLimit rateLimit;
    private final ChatStream chatStream;

    /** A route table without a rate limit (tests that replay many turns, SnapStart priming). */
    public Routes(ChatService chat, Telemetry telemetry) {
        this(chat, telemetry, ChatRateLimit.off());
    }

    /**
     * A route table that answers 429 to chat turns over {@code rateLimit} before any model call.
     */
    public Routes(ChatService chat, Telemetry telemetry, ChatRateLimit rateLimit) {
        this.chat = Objects.requireNonNull(chat, "chat");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
        this.chatStream = new ChatStream(this, chat, telemetry, rateLimit);
    }

    /** Whether a path belongs to the API (so the dev server does not look for a static file). */
    public static boolean isApiPath(String rawPath) {
        String p = stripApiPrefix(rawPath);
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return rawPath.equals("/api")
                || rawPath.startsWith("/api/")
                || p.equals(ROUTE_HEALTH)
                || p.equals(ROUTE_CHAT)
                || p.equals(ROUTE_CHAT_STREAM)
                || p.equals(CONVERSATION_PREFIX)
                || p.startsWith(CONVERSATION_PREFIX + "/");
    }

    /**
     * Whether a path is the streaming chat route ({@code POST /chat/stream}, also under {@code
     * /api}): a front that can stream answers it with {@link #stream}, any other with {@link
     * #handle}, which gives the same events in one buffered body.
     */
    public static boolean isStreamPath(String rawPath) {
        String p = stripApiPrefix(rawPath);
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(ROUTE_CHAT_STREAM);
    }

    /**
     * Answers one request to {@link #isStreamPath the streaming route} into {@code sink}, each
     * event as soon as it exists (docs/streaming.md). Never throws: a client that went away only
     * stops the writing, not the turn.
     */
    public void stream(HttpRequest request, ResponseSink sink) {
        chatStream.serve(request, sink);
    }

    /** Answers one request. Never throws: a bug becomes a 500 without internals. */
    public HttpResponse handle(HttpRequest request) {
        if (isStreamPath(request.rawPath())) {
            // a front that buffers (API Gateway, a buffered function URL) still gets every event
            ResponseSink.Buffer buffer = new ResponseSink.Buffer();
            stream(request, buffer);
            return buffer.response();
        }
        long start = System.nanoTime();
        Outcome outcome;
        String route = "unmatched";
        try {
            String path = stripApiPrefix(request.rawPath());
            if (path.length() > 1
                    && path.endsWith("/")
                    && !path.equals(CONVERSATION_PREFIX + "/")) {
                path = path.substring(0, path.length() - 1);
            }
            String method = request.method().toUpperCase(Locale.ROOT);
            boolean preflight = method.equals("OPTIONS");
            if (path.equals(ROUTE_HEALTH)) {
                route = ROUTE_HEALTH;
                outcome =
                        preflight
                                ? options(route)
                                : allow(method, "GET, HEAD")
                                        ? health()
                                        : notAllowed(method, "GET, HEAD");
            } else if (path.equals(ROUTE_CHAT)) {
                route = ROUTE_CHAT;
                outcome =
                        preflight
                                ? options(route)
                                : allow(method, "POST")
                                        ? postChat(request)
                                        : notAllowed(method, "POST");
            } else if (path.equals(CONVERSATION_PREFIX)
                    || path.startsWith(CONVERSATION_PREFIX + "/")) {
                route = ROUTE_CONVERSATION;
                String raw =
                        path.length() > CONVERSATION_PREFIX.length()
                                ? path.substring(CONVERSATION_PREFIX.length() + 1)
                                : "";
                outcome =
                        preflight
                                ? options(route)
                                : method.equals("DELETE")
                                        ? deleteConversation(raw)
                                        : allow(method, "GET, HEAD")
                                                ? getConversation(raw)
                                                : notAllowed(method, "GET, HEAD, DELETE");
            } else {
                outcome =
                        Outcome.error(
                                new ApiError(
                                        404,
                                        "not_found",
                                        "no route "
                                                + shorten(request.method())
                                                + " "
                                                + shorten(path)
                                                + "; the API has GET /health, POST /chat, GET and DELETE /conversation/{session_id} (also under /api)"));
            }
        } catch (RuntimeException e) {
            outcome = failure(e, request.requestId());
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        HttpResponse response = outcome.response;
        telemetry.request(
                new RequestRecord(
                        request.requestId(),
                        request.method(),
                        route,
                        response.status(),
                        latencyMs,
                        outcome.modelLatencyMs,
                        outcome.inputTokens,
                        outcome.outputTokens,
                        outcome.errorCode));
        return response.withHeader("x-request-id", request.requestId());
    }

    /**
     * Answers a request a front refused before routing (the origin lock): the JSON error with the
     * request id, logged and counted like any other answer; the body is never read.
     */
    public HttpResponse refused(String method, String requestId, ApiError error) {
        telemetry.request(
                new RequestRecord(
                        requestId, method, "refused", error.status(), 0, -1, -1, -1, error.code()));
        return error.toResponse(Map.of()).withHeader("x-request-id", requestId);
    }

    private Outcome health() {
        String name = chat.settings().twinName();
        byte[] body =
                Json.write(
                        64 + name.length(),
                        g -> {
                            g.writeStartObject();
                            g.writeStringField("status", "healthy");
                            g.writeStringField("twinName", name);
                            g.writeEndObject();
                        });
        return Outcome.ok(HttpResponse.json(200, body, Map.of()));
    }

    private Outcome postChat(HttpRequest request) {
        Admission admitted = admit(request);
        if (admitted.refused() != null) {
            return admitted.refused();
        }
        ChatBody body = admitted.body();
        SessionId id = admitted.sessionId();
        ChatOutcome out = chat.chat(id, body.message, body.turnId);
        if (id == null) {
            rateLimit.started(out.sessionId());
        }
        byte[] json =
                Json.write(
                        96 + out.reply().text().length(),
                        g -> {
                            g.writeStartObject();
                            g.writeStringField("response", out.reply().text());
                            g.writeStringField("session_id", out.sessionId().value());
                            g.writeEndObject();
                        });
        return new Outcome(
                HttpResponse.json(200, json, Map.of()),
                null,
                out.modelLatencyMs(),
                out.reply().inputTokens(),
                out.reply().outputTokens());
    }

    /** A chat request that passed validation and the rate limit, or the answer refusing it. */
    record Admission(ChatBody body, SessionId sessionId, Outcome refused) {}

    /**
     * The checks both chat routes make before any model call, in the same order with the same
     * errors: size, content type, JSON shape, session id (throws), rate limit.
     */
    Admission admit(HttpRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            return refused(
                    Outcome.error(
                            new ApiError(
                                    413,
                                    "payload_too_large",
                                    "the request body has more than "
                                            + MAX_BODY_BYTES
                                            + " bytes; send only {\"message\", \"session_id\"} with a message of at most "
                                            + chat.settings().maxMessageChars()
                                            + " characters")));
        }
        ApiError contentType = checkContentType(request.header("content-type"));
        if (contentType != null) {
            return refused(Outcome.error(contentType));
        }
        ChatBody body;
        try {
            body = ChatBody.parse(request.body());
        } catch (BadBodyException e) {
            return refused(Outcome.error(e.error));
        }
        SessionId id = null;
        if (body.sessionId != null) {
            id = SessionId.parse(body.sessionId);
        }
        ChatRateLimit.Denial denied = rateLimit.admit(request.clientAddress(), id);
        if (denied != null) {
            return refused(
                    Outcome.error(
                            new ApiError(429, RATE_LIMITED, denied.message()),
                            Map.of("retry-after", Long.toString(denied.retryAfterSeconds()))));
        }
        return new Admission(body, id, null);
    }

    private static Admission refused(Outcome outcome) {
        return new Admission(null, null, outcome);
    }

    private Outcome getConversation(String rawId) {
        if (rawId.isEmpty()) {
            throw new InvalidSessionIdException();
        }
        SessionId id = SessionId.parse(rawId);
        return Outcome.ok(
                HttpResponse.json(200, ConversationCodec.encode(chat.conversation(id)), Map.of()));
    }

    /** Erases every stored version; answers what was erased so a page can say so. */
    private Outcome deleteConversation(String rawId) {
        if (rawId.isEmpty()) {
            throw new InvalidSessionIdException();
        }
        SessionId id = SessionId.parse(rawId);
        chat.delete(id);
        byte[] body =
                Json.write(
                        96,
                        g -> {
                            g.writeStartObject();
                            g.writeStringField("session_id", id.value());
                            g.writeBooleanField("deleted", true);
                            g.writeEndObject();
                        });
        return Outcome.ok(HttpResponse.json(200, body, Map.of()));
    }

    static ApiError checkContentType(String header) {
        String fix = "; send the body as JSON with the header Content-Type: application/json";
        if (header == null || header.isBlank()) {
            return new ApiError(
                    400, "unsupported_content_type", "the Content-Type header is missing" + fix);
        }
        String[] parts =
                header.split(";", -1); // -1: ";" alone must give an empty type, not an empty array
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return new ApiError(
                    400,
                    "unsupported_content_type",
                    "Content-Type " + shorten(type) + " is not supported" + fix);
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String cs = param.substring(eq + 1).strip().replace("\"", "");
                if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
                    return new ApiError(
                            400,
                            "unsupported_content_type",
                            "charset "
                                    + shorten(cs)
                                    + " is not supported; send UTF-8 (Content-Type: application/json; charset=utf-8)");
                }
            }
        }
        return null;
    }

    static Outcome failure(RuntimeException e, String requestId) {
        if (e instanceof InvalidSessionIdException) {
            return Outcome.error(new ApiError(400, "invalid_session_id", e.getMessage()));
        }
        if (e instanceof InvalidMessageException) {
            return Outcome.error(new ApiError(400, "invalid_message", e.getMessage()));
        }
        if (e instanceof ConversationNotFoundException) {
            return Outcome.error(new ApiError(404, "conversation_not_found", e.getMessage()));
        }
        if (e instanceof ConversationTooLongException) {
            return Outcome.error(
                    new ApiError(
                            409,
                            "conversation_too_long",
                            "this conversation is too long to continue; start a new conversation (send your message without a session_id)"));
        }
        if (e instanceof TurnIdReusedException) {
            return Outcome.error(new ApiError(409, "turn_id_reused", e.getMessage()));
        }
        if (e instanceof ConversationBusyException) {
            return Outcome.error(new ApiError(409, "conversation_busy", e.getMessage()));
        }
        if (e instanceof CorruptConversationException) {
            Log.warn("conversation_unreadable", e.getMessage());
            return Outcome.error(
                    new ApiError(
                            409,
                            "conversation_unreadable",
                            "this conversation's stored history cannot be read; start a new conversation (send your message without a session_id)"));
        }
        if (e instanceof ModelCallFailedException failed) {
            ModelException me = failed.modelException();
            Log.warn(
                    "model_failed",
                    me.kind().code() + " after " + failed.latencyMs() + " ms: " + me.getMessage());
            ApiError error =
                    new ApiError(me.kind().status(), me.kind().code(), modelMessage(me.kind()));
            return new Outcome(
                    error.toResponse(retryAfter(me.kind().status())),
                    error.code(),
                    failed.latencyMs(),
                    -1,
                    -1);
        }
        if (e instanceof ModelException me) {
            // a model called outside ChatService's timing (not expected, but mapped the same way)
            return Outcome.error(
                    new ApiError(me.kind().status(), me.kind().code(), modelMessage(me.kind())),
                    retryAfter(me.kind().status()));
        }
        if (e instanceof DailyLimitReachedException limit) {
            Log.warn(RuntimeMetrics.DAILY_LIMIT_ERROR_CODE, limit.getMessage());
            return Outcome.error(
                    new ApiError(
                            429,
                            RuntimeMetrics.DAILY_LIMIT_ERROR_CODE,
                            "the twin has reached its daily limit; come back tomorrow (the limit resets at midnight UTC)"),
                    Map.of("retry-after", Long.toString(limit.retryAfterSeconds())));
        }
        if (e instanceof BudgetUnavailableException) {
            Log.warn(BUDGET_UNAVAILABLE, String.valueOf(e.getMessage()));
            return Outcome.error(
                    new ApiError(
                            503,
                            BUDGET_UNAVAILABLE,
                            "the twin cannot check its daily limit right now, so it does not answer; try again in a moment"),
                    retryAfter(503));
        }
        if (e instanceof StoreUnavailableException) {
            Log.warn("storage_unavailable", String.valueOf(e.getMessage()));
            return Outcome.error(
                    new ApiError(
                            503,
                            "storage_unavailable",
                            "conversation storage is unavailable right now; try again in a moment"),
                    retryAfter(503));
        }
        if (e instanceof PersonaUnavailableException) {
            Log.warn("persona_unavailable", String.valueOf(e.getMessage()));
            return Outcome.error(
                    new ApiError(
                            503,
                            "persona_unavailable",
                            "the twin's persona cannot be loaded right now; try again in a moment"),
                    retryAfter(503));
        }
        Log.error(
                "internal_error",
                requestId + " " + e.getClass().getName() + ": " + e.getMessage(),
                e);
        return Outcome.error(
                new ApiError(
                        500,
                        "internal_error",
                        "something went wrong on our side; it has been logged as request "
                                + requestId));
    }

    private static String modelMessage(ModelException.Kind kind) {
        return switch (kind) {
            case THROTTLED ->
                    "the twin is getting too many questions right now; wait a few seconds and try again";
            case TIMEOUT ->
                    "the model took too long to answer; try again, perhaps with a shorter question";
            case REFUSED -> "the model declined to answer that; try rephrasing your question";
            case INVALID_RESPONSE -> "the model sent an answer that could not be read; try again";
            case ACCESS_DENIED ->
                    "the twin is not allowed to use its model; the site owner needs to check the model access";
            case MODEL_UNUSABLE ->
                    "the twin's model is not available where the twin runs; the site owner needs to choose another model";
            case UNAVAILABLE -> "the model is unavailable right now; try again in a moment";
        };
    }

    private static Map<String, String> retryAfter(int status) {
        return status == 429 || status == 503 ? Map.of("retry-after", "2") : Map.of();
    }

    private static boolean allow(String method, String allowed) {
        return Arrays.asList(allowed.split(", ")).contains(method);
    }

    /**
     * A preflight or capability probe: no work, just what the route allows (the Lambda front adds
     * CORS).
     */
    static Outcome options(String route) {
        return Outcome.ok(new HttpResponse(204, Map.of("allow", allowedFor(route)), null));
    }

    static Outcome notAllowed(String method, String allowed) {
        return Outcome.error(
                new ApiError(
                        405,
                        "method_not_allowed",
                        "method " + shorten(method) + " is not allowed here; use " + allowed),
                Map.of("allow", allowed));
    }

    private static String allowedFor(String route) {
        return route.equals(ROUTE_CHAT) || route.equals(ROUTE_CHAT_STREAM)
                ? "POST, OPTIONS"
                : route.equals(ROUTE_CONVERSATION)
                        ? "GET, HEAD, DELETE, OPTIONS"
                        : "GET, HEAD, OPTIONS";
    }

    static String stripApiPrefix(String rawPath) {
        if (rawPath.equals("/api")) {
            return "/";
        }
        return rawPath.startsWith("/api/") ? rawPath.substring(4) : rawPath;
    }

    /**
     * Echoes visitor input only in short pieces, so a 10 KB value does not come back in the error.
     */
    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** A route's answer plus the figures for the log line. */
    record Outcome(
            HttpResponse response,
            String errorCode,
            long modelLatencyMs,
            int inputTokens,
            int outputTokens) {
        static Outcome ok(HttpResponse r) {
            return new Outcome(r, null, -1, -1, -1);
        }

        static Outcome error(ApiError e) {
            return error(e, Map.of());
        }

        static Outcome error(ApiError e, Map<String, String> headers) {
            return new Outcome(e.toResponse(headers), e.code(), -1, -1, -1);
        }
    }

    /**
     * The POST /chat body: {@code message} (string) and optional {@code session_id} (string or
     * null).
     */
    record ChatBody(String message, String sessionId, String turnId) {

        /**
         * A visitor's turn id: what {@code crypto.randomUUID()} gives, or any id of the same
         * alphabet.
         */
        private static final Pattern TURN_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

        static ChatBody parse(byte[] body) {
            String shape =
                    "; send {\"message\": \"your question\", \"session_id\": \"<uuid from the last answer>\"}";
            if (body.length == 0) {
                throw new BadBodyException(
                        new ApiError(400, "invalid_json", "the request body is empty" + shape));
            }
            String message = null;
            boolean messageSeen = false;
            String sessionId = null;
            String turnId = null;
            try (JsonParser p = Json.parser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new BadBodyException(
                            new ApiError(
                                    400, "invalid_json", "the body is not a JSON object" + shape));
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("message")) {
                        messageSeen = true;
                        if (value != JsonToken.VALUE_STRING) {
                            throw new BadBodyException(
                                    new ApiError(
                                            400,
                                            "invalid_message",
                                            "message must be a JSON string, not "
                                                    + describe(value)
                                                    + shape));
                        }
                        message = p.getText();
                    } else if (field.equals("session_id")) {
                        if (value == JsonToken.VALUE_NULL) {
                            sessionId = null;
                        } else if (value != JsonToken.VALUE_STRING) {
                            throw new BadBodyException(
                                    new ApiError(
                                            400,
                                            "invalid_session_id",
                                            "session_id must be a UUID string, not "
                                                    + describe(value)
                                                    + "; omit it to start a new conversation"));
                        } else {
                            sessionId = p.getText();
                            if (sessionId.isEmpty()) {
                                throw new InvalidSessionIdException();
                            }
                        }
                    } else if (field.equals("turn_id")) {
                        turnId = turnId(p, value);
                    } else {
                        p.skipChildren();
                    }
                }
                if (p.nextToken() != null) {
                    throw new BadBodyException(
                            new ApiError(
                                    400,
                                    "invalid_json",
                                    "there is data after the JSON object" + shape));
                }
            } catch (StreamConstraintsException e) {
                throw new BadBodyException(
                        new ApiError(400, "invalid_json", "the JSON is nested too deeply" + shape));
            } catch (IOException e) {
                throw new BadBodyException(
                        new ApiError(
                                400, "invalid_json", "the body is not valid UTF-8 JSON" + shape));
            }
            if (!messageSeen) {
                throw new BadBodyException(
                        new ApiError(400, "invalid_message", "message is missing" + shape));
            }
            return new ChatBody(message, sessionId, turnId);
        }

        /**
         * The optional {@code turn_id}: lets a Retry after a lost answer get the stored reply, not
         * a second turn.
         */
        private static String turnId(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return null;
            }
            String fix =
                    "; send 8 to 64 letters, digits, '-' or '_' (crypto.randomUUID() gives one), or omit it";
            if (value != JsonToken.VALUE_STRING) {
                throw new BadBodyException(
                        new ApiError(
                                400,
                                "invalid_turn_id",
                                "turn_id must be a string, not " + describe(value) + fix));
            }
            String id = p.getText();
            if (!TURN_ID.matcher(id).matches()) {
                throw new BadBodyException(
                        new ApiError(
                                400,
                                "invalid_turn_id",
                                "turn_id " + shorten(id) + " is not a turn id" + fix));
            }
            return id;
        }

        private static String describe(JsonToken t) {
            return switch (t) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> "that value";
            };
        }
    }

    /** Internal signal: the body is unusable; carries the answer. */
    private static final class BadBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiError error;

        BadBodyException(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
