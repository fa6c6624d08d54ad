package dev.twin.runtime.adapter.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.ToolResult;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.ToolSpec;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Adapter: any OpenAI-compatible {@code POST {base}/chat/completions} (OpenAI, OpenRouter, a local
 * Ollama at {@code http://127.0.0.1:11434/v1}) over the JDK HttpClient. The persona prompt is the
 * first, {@code system}, message; the history window follows in order. Only {@code model} and
 * {@code messages} are always sent (optional {@code max_tokens} / {@code temperature}), since newer
 * reasoning models reject parameters that older ones require.
 */
public final class OpenAiChatModel implements ChatModel {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The whole call (key fetch on first use, every attempt, the back-off) stays within 16 s, so a
     * turn (S3 read, persona check, S3 write, 4 s each at worst) fits the 30 s Lambda / API Gateway
     * limit (docs/FAULTS.md).
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(16);

    /** One retry, logged; only while the budget still leaves {@link #MIN_ATTEMPT_MS} for it. */
    public static final int MAX_ATTEMPTS = 2;

    static final long RETRY_BACKOFF_MS = 400;

    /**
     * A server asking for a longer wait than this gets it from the visitor (429 + Retry-After), not
     * from us.
     */
    static final long MAX_RETRY_AFTER_MS = 2_000;

    static final long MIN_ATTEMPT_MS = 1_000;
    static final String RETRY_SERVICE = "openai-compatible";
    static final String RETRY_OPERATION = "ChatCompletions";

    private static final Pattern OPENAI_KEY = Pattern.compile("sk-[A-Za-z0-9_\\-*.]{3,}");
    private static final int DETAIL_MAX = 300;

    private final HttpClient http;
    private final URI endpoint;
    private final String model;
    private final ApiKeySource keys;
    private final Integer maxTokens;
    private final Double temperature;
    private final Duration timeout;

    /**
     * @param maxTokens {@code null} to let the server decide
     * @param temperature {@code null} to let the server decide
     */
    public OpenAiChatModel(
            HttpClient http,
            String baseUrl,
            String model,
            ApiKeySource keys,
            Integer maxTokens,
            Double temperature,
            Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = completionsUri(baseUrl);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    RuntimeEnv.MODEL_ID
                            + " is not set; use the endpoint's model name, e.g. gpt-4o-mini"
                            + " (OpenAI), openai/gpt-4o-mini (OpenRouter) or llama3.2 (Ollama)");
        }
        this.model = model.strip();
        this.keys = Objects.requireNonNull(keys, "keys");
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public OpenAiChatModel(String baseUrl, String model, ApiKeySource keys) {
        this(httpClient(), baseUrl, model, keys, null, null, REQUEST_TIMEOUT);
    }

    /** HTTP/1.1: plain-http endpoints (Ollama) must not be offered an h2c upgrade. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code {base}/chat/completions}; a base that already ends so is taken as it is. */
    static URI completionsUri(String baseUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.endsWith("/chat/completions")) {
            base = base + "/chat/completions";
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw badBaseUrl(baseUrl);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http"))
                || uri.getHost() == null
                || uri.getUserInfo() != null
                || uri.getQuery() != null) {
            throw badBaseUrl(baseUrl);
        }
        return uri;
    }

    private static IllegalArgumentException badBaseUrl(String value) {
        return new IllegalArgumentException(
                RuntimeEnv.OPENAI_BASE_URL
                        + "="
                        + value
                        + " is not valid: use the API base such as "
                        + DEFAULT_BASE_URL
                        + ", https://openrouter.ai/api/v1 or http://127.0.0.1:11434/v1 (Ollama)");
    }

    /** Whether the endpoint is on this machine (a local Ollama needs no key). */
    public static boolean isLoopback(String baseUrl) {
        String host = completionsUri(baseUrl).getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        // one budget for the key fetch (first use only) and every attempt: the turn's worst case
        // counts on it
        long deadline = System.nanoTime() + timeout.toNanos();
        String key;
        try {
            key = keys.apiKey();
        } catch (ApiKeyUnavailableException e) {
            throw new ModelException(
                    e.denied() ? Kind.ACCESS_DENIED : Kind.UNAVAILABLE, e.getMessage(), e);
        }
        Tools tools = request.tools();
        Object first = parseOk(post(body(request, tools, null), key, deadline));
        List<Object> calls = tools == null ? List.of() : toolCalls(first);
        if (calls.isEmpty()) {
            return read(first);
        }
        return toolRound(request, tools, key, first, calls, ToolRound.endingAt(deadline));
    }

    /**
     * The turn's one tool round: run the calls, send the results back once (with {@code
     * tool_choice: none}, so the model answers instead of calling again) within the same deadline,
     * and answer with that reply; with too little time left, the tools' fallback reply instead.
     */
    private ModelReply toolRound(
            ModelRequest request,
            Tools tools,
            String key,
            Object first,
            List<Object> calls,
            ToolRound round) {
        Object usage = get(first, "usage");
        int in = tokens(get(usage, "prompt_tokens"));
        int out = tokens(get(usage, "completion_tokens"));
        List<ToolResult> results = new ArrayList<>();
        if (!round.mayRunTools()) {
            Log.warn(
                    "tool_round_skipped",
                    describe() + " asked for a tool with " + round.left().toMillis() + " ms left");
            results.add(ToolResult.error("no time left"));
            return new ModelReply(tools.fallbackReply(results), in, out);
        }
        List<String[]> answers = new ArrayList<>();
        for (Object call : calls) {
            Object fn = get(call, "function");
            Object id = get(call, "id");
            Object name = get(fn, "name");
            Object args = get(fn, "arguments");
            ToolResult r =
                    results.size() >= ToolRound.MAX_CALLS
                            ? ToolResult.error(
                                    "only " + ToolRound.MAX_CALLS + " tool calls per turn")
                            : name instanceof String n
                                    ? tools.call(n, args instanceof String a ? a : "{}")
                                    : ToolResult.error("the tool call has no function name");
            results.add(r);
            answers.add(
                    new String[] {
                        id instanceof String i ? i : "", (r.error() ? "error: " : "") + r.content()
                    });
        }
        Object assistant = get(first(get(first, "choices")), "message");
        if (round.followUpTimeout() == null) {
            return new ModelReply(tools.fallbackReply(results), in, out);
        }
        Object followUp =
                parseOk(
                        post(
                                body(
                                        request,
                                        tools,
                                        g -> {
                                            writeValue(g, assistant);
                                            for (String[] a : answers) {
                                                g.writeStartObject();
                                                g.writeStringField("role", "tool");
                                                g.writeStringField("tool_call_id", a[0]);
                                                g.writeStringField("content", a[1]);
                                                g.writeEndObject();
                                            }
                                        }),
                                key,
                                System.nanoTime() + round.left().toNanos()));
        Object usage2 = get(followUp, "usage");
        int in2 = tokens(get(usage2, "prompt_tokens"));
        int out2 = tokens(get(usage2, "completion_tokens"));
        Object choice = first(get(followUp, "choices"));
        Object message = get(choice, "message");
        if ("content_filter".equals(get(choice, "finish_reason"))
                || get(message, "refusal") instanceof String) {
            throw new ModelException(
                    Kind.REFUSED,
                    describe() + " refused (finish_reason " + get(choice, "finish_reason") + ")",
                    null);
        }
        Object content = get(message, "content");
        String text =
                content instanceof String t && !t.isBlank()
                        ? t.strip()
                        : tools.fallbackReply(results);
        return new ModelReply(
                text, in < 0 || in2 < 0 ? -1 : in + in2, out < 0 || out2 < 0 ? -1 : out + out2);
    }

    private static List<Object> toolCalls(Object root) {
        Object calls = get(get(first(get(root, "choices")), "message"), "tool_calls");
        if (!(calls instanceof List<?> l)) {
            return List.of();
        }
        return new ArrayList<>(l);
    }

    /** POSTs {@code body} with one retry while the deadline allows; the 200 answer's bytes. */
    private byte[] post(byte[] body, String key, long deadline) {
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new ModelException(
                        Kind.TIMEOUT, describe() + " did not answer within " + timeout, null);
            }
            Attempt outcome = attempt(body, key, left);
            if (outcome.ok != null) {
                return outcome.ok;
            }
            long delayMs =
                    outcome.retryAfterMs >= 0
                            ? outcome.retryAfterMs
                            : RETRY_BACKOFF_MS / 2
                                    + ThreadLocalRandom.current()
                                            .nextLong(RETRY_BACKOFF_MS / 2 + 1);
            long leftAfterDelayMs = (deadline - System.nanoTime()) / 1_000_000 - delayMs;
            if (!outcome.retryable
                    || attempt >= MAX_ATTEMPTS
                    || delayMs > MAX_RETRY_AFTER_MS
                    || leftAfterDelayMs < MIN_ATTEMPT_MS) {
                throw outcome.failure;
            }
            Log.retry(
                    RETRY_SERVICE,
                    RETRY_OPERATION,
                    attempt + 1,
                    MAX_ATTEMPTS,
                    outcome.cause,
                    delayMs);
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw outcome.failure;
            }
        }
    }

    /**
     * One POST within {@code left}. Retryable: 429 (not an exhausted quota), 5xx and a connection
     * cut mid-exchange; not: a timeout (the budget is spent), a refused connection (nothing
     * listens), a 200 whose body is unusable (the same prompt would cost the same tokens again),
     * 4xx.
     */
    private Attempt attempt(byte[] body, String key, Duration left) {
        HttpRequest.Builder req =
                HttpRequest.newBuilder(endpoint)
                        .timeout(left)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            req.header("Authorization", "Bearer " + key);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return Attempt.failed(
                    new ModelException(
                            Kind.UNAVAILABLE,
                            describe() + " could not connect within " + CONNECT_TIMEOUT,
                            e),
                    false,
                    "connect timeout",
                    -1);
        } catch (HttpTimeoutException e) {
            return Attempt.failed(
                    new ModelException(
                            Kind.TIMEOUT, describe() + " did not answer within " + timeout, e),
                    false,
                    "timeout",
                    -1);
        } catch (ConnectException e) {
            return Attempt.failed(
                    new ModelException(
                            Kind.UNAVAILABLE,
                            describe() + " refused the connection; is the server running?",
                            e),
                    false,
                    "connection refused",
                    -1);
        } catch (IOException e) {
            String cause =
                    e.getClass().getSimpleName()
                            + (e.getMessage() != null ? ": " + redact(e.getMessage(), key) : "");
            return Attempt.failed(
                    new ModelException(
                            Kind.UNAVAILABLE,
                            describe() + " failed: " + e.getClass().getSimpleName(),
                            e),
                    true,
                    cause,
                    -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.failed(
                    new ModelException(Kind.UNAVAILABLE, describe() + " interrupted", e),
                    false,
                    "",
                    -1);
        }
        int status = response.statusCode();
        if (status != 200) {
            ModelException failure = failure(status, response.body(), key);
            boolean retryable =
                    (status == 429 && failure.kind() == Kind.THROTTLED) || status >= 500;
            return Attempt.failed(
                    failure, retryable, String.valueOf(status), retryAfterMs(response));
        }
        return new Attempt(response.body(), null, false, null, -1);
    }

    /** {@code Retry-After} in seconds (the HTTP-date form is not used by these APIs), or -1. */
    private static long retryAfterMs(HttpResponse<?> response) {
        String v = response.headers().firstValue("retry-after").orElse(null);
        if (v == null) {
            return -1;
        }
        try {
            double seconds = Double.parseDouble(v.strip());
            return seconds < 0 ? -1 : (long) (seconds * 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One attempt's result: a reply, or a failure with whether a retry may help. */
    private record Attempt(
            byte[] ok, ModelException failure, boolean retryable, String cause, long retryAfterMs) {
        static Attempt failed(
                ModelException failure, boolean retryable, String cause, long retryAfterMs) {
            return new Attempt(null, failure, retryable, cause, retryAfterMs);
        }
    }

    @Override
    public String describe() {
        return "openai-compatible "
                + model
                + " at "
                + endpoint.getScheme()
                + "://"
                + endpoint.getAuthority();
    }

    byte[] body(ModelRequest request) {
        return body(request, null, null);
    }

    /**
     * @param tools offered as {@code tools} (function schemas) when not {@code null}
     * @param followUp writes the tool round's extra messages; then {@code tool_choice} is {@code
     *     none}
     */
    byte[] body(ModelRequest request, Tools tools, Json.Writer followUp) {
        List<Message> history = request.history();
        int hint = 128 + request.systemPrompt().length();
        for (Message m : history) {
            hint += m.content().length() + 48;
        }
        return Json.write(
                hint,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("model", model);
                    g.writeArrayFieldStart("messages");
                    g.writeStartObject();
                    g.writeStringField("role", "system");
                    g.writeStringField("content", request.systemPrompt());
                    g.writeEndObject();
                    for (Message m : history) {
                        g.writeStartObject();
                        g.writeStringField("role", m.role().wireName());
                        g.writeStringField("content", m.content());
                        g.writeEndObject();
                    }
                    if (followUp != null) {
                        followUp.write(g);
                    }
                    g.writeEndArray();
                    if (tools != null) {
                        writeTools(g, tools.specs());
                        if (followUp != null) {
                            g.writeStringField("tool_choice", "none");
                        }
                    }
                    if (maxTokens != null) {
                        g.writeNumberField("max_tokens", maxTokens);
                    }
                    if (temperature != null) {
                        g.writeNumberField("temperature", temperature);
                    }
                    g.writeEndObject();
                });
    }

    private static void writeTools(JsonGenerator g, List<ToolSpec> specs) throws IOException {
        g.writeArrayFieldStart("tools");
        for (ToolSpec spec : specs) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", spec.name());
            g.writeStringField("description", spec.description());
            g.writeObjectFieldStart("parameters");
            g.writeStringField("type", "object");
            g.writeObjectFieldStart("properties");
            for (ToolSpec.Param p : spec.params()) {
                g.writeObjectFieldStart(p.name());
                g.writeStringField("type", "string");
                g.writeStringField("description", p.description());
                g.writeNumberField("maxLength", p.maxLength());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("required");
            for (ToolSpec.Param p : spec.params()) {
                if (p.required()) {
                    g.writeString(p.name());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Writes a parsed tree (maps, lists, scalars) back as JSON: the assistant's tool_calls. */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object item : l) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeNull();
        }
    }

    private Object parseOk(byte[] body) {
        try {
            return parse(body);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(
                    Kind.INVALID_RESPONSE,
                    describe() + " answered 200 with a body that is not JSON",
                    null);
        }
    }

    private ModelReply read(Object root) {
        Object choice = first(get(root, "choices"));
        Object message = get(choice, "message");
        Object finish = get(choice, "finish_reason");
        if ("content_filter".equals(finish) || get(message, "refusal") instanceof String) {
            throw new ModelException(
                    Kind.REFUSED, describe() + " refused (finish_reason " + finish + ")", null);
        }
        Object content = get(message, "content");
        if (!(content instanceof String text) || text.isBlank()) {
            throw new ModelException(
                    Kind.INVALID_RESPONSE,
                    describe()
                            + " answered without text"
                            + (choice == null
                                    ? " (no choices)"
                                    : " (finish_reason " + finish + ")"),
                    null);
        }
        Object usage = get(root, "usage");
        return new ModelReply(
                text.strip(),
                tokens(get(usage, "prompt_tokens")),
                tokens(get(usage, "completion_tokens")));
    }

    private ModelException failure(int status, byte[] body, String key) {
        Object error = null;
        try {
            Object root = parse(body);
            error = get(root, "error");
        } catch (IOException | RuntimeException notJson) {
            // some proxies answer errors in HTML; the status alone decides
        }
        Object said = error instanceof String ? error : get(error, "message");
        String message = said instanceof String s ? s : "(no error message)";
        String code = String.valueOf(get(error, "code")) + " " + get(error, "type");
        String lower = (message + " " + code).toLowerCase(Locale.ROOT);
        String detail = describe() + " answered " + status + ": " + redact(message, key);
        if (status == 429 && lower.contains("insufficient_quota")) {
            return new ModelException(
                    Kind.ACCESS_DENIED,
                    detail + " - the account has no quota left; check its billing",
                    null);
        }
        if (status == 429) {
            return new ModelException(Kind.THROTTLED, detail, null);
        }
        if (status == 401 || status == 403) {
            return new ModelException(
                    Kind.ACCESS_DENIED,
                    detail
                            + " - check the API key (the secret named by"
                            + " TWIN_API_KEY_SECRET_ARN, set with mvn twin:set-api-key, or TWIN_API_KEY locally)",
                    null);
        }
        if (status == 404) {
            return new ModelException(
                    Kind.ACCESS_DENIED,
                    detail
                            + " - check TWIN_MODEL_ID and TWIN_OPENAI_BASE_URL"
                            + " (Ollama: pull the model first)",
                    null);
        }
        if (status == 400
                && (lower.contains("content_filter")
                        || lower.contains("content_policy")
                        || lower.contains("content management policy")
                        || lower.contains("safety system")
                        || lower.contains("moderation"))) {
            return new ModelException(Kind.REFUSED, detail, null);
        }
        if (status == 408 || status == 504) {
            return new ModelException(Kind.TIMEOUT, detail, null);
        }
        if (status >= 500) {
            return new ModelException(Kind.UNAVAILABLE, detail, null);
        }
        return new ModelException(Kind.INVALID_RESPONSE, detail, null);
    }

    /**
     * Provider messages may quote the key ("Incorrect API key provided: sk-ab***yz"): never pass
     * that on.
     */
    static String redact(String text, String key) {
        String s = text == null ? "" : text;
        if (key != null && !key.isEmpty()) {
            s = s.replace(key, "[redacted]");
        }
        s = OPENAI_KEY.matcher(s).replaceAll("[redacted]");
        return s.length() > DETAIL_MAX ? s.substring(0, DETAIL_MAX) + "..." : s;
    }

    private static int tokens(Object n) {
        return n instanceof Number num ? num.intValue() : -1;
    }

    private static Object get(Object node, String field) {
        return node instanceof Map<?, ?> m ? m.get(field) : null;
    }

    private static Object first(Object node) {
        return node instanceof List<?> l && !l.isEmpty() ? l.get(0) : null;
    }

    /**
     * A small tree (maps, lists, strings, numbers, booleans) from streaming Jackson: the runtime
     * has no databind.
     */
    static Object parse(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw new IOException("empty body");
        }
        try (JsonParser p = Json.parser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty body");
            }
            Object v = value(p, t);
            if (p.nextToken() != null) {
                throw new IOException("data after the JSON value");
            }
            return v;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, next));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
