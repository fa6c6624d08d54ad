package dev.twin.runtime.adapter.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.chat.Message;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.ToolSpec;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.chat.TurnSink;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.json.JsonTree;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * One buffered answer; when the model asks for one of the turn's tools, one tool round ({@link
     * OpenAiToolRound}) within the same deadline.
     */
    @Override
    public ModelReply reply(ModelRequest request) {
        // one budget for the key fetch (first use only) and every attempt: the turn's worst case
        // counts on it
        long deadline = System.nanoTime() + timeout.toNanos();
        String key = apiKey();
        Tools tools = request.tools();
        Object first = call(body(request, tools, null, false), key, deadline, null).tree;
        Object assistant = get(first(get(first, "choices")), "message");
        if (tools == null || OpenAiToolRound.calls(assistant).isEmpty()) {
            return read(first);
        }
        return toolRound(
                request,
                key,
                deadline,
                first,
                new OpenAiToolRound(tools, ToolRound.endingAt(deadline), assistant));
    }

    /**
     * Streams with {@code "stream": true} (Server-Sent Events, with {@code
     * stream_options.include_usage} for the token counts), offering the turn's tools. When the
     * stream ends with tool calls, runs them as {@link #reply} does and streams the follow-up into
     * the same sink after what was already said (see {@link #streamedToolRound}). A retry happens
     * only while nothing of the turn has reached {@code sink}; after that, a failure ends the turn.
     */
    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        Objects.requireNonNull(sink, "sink");
        long deadline = System.nanoTime() + timeout.toNanos();
        String key = apiKey();
        Tools tools = request.tools();
        TurnSink turn = new TurnSink(sink);
        SseReply first = call(body(request, tools, null, true), key, deadline, turn).stream;
        if (turn.stopped()) {
            return turn.reply(first.inputTokens, first.outputTokens);
        }
        if (tools == null || first.calls.isEmpty()) {
            if (first.text.isEmpty()) {
                throw new ModelException(
                        Kind.INVALID_RESPONSE,
                        describe() + " streamed no text (finish_reason " + first.finishReason + ")",
                        null);
            }
            return turn.reply(first.inputTokens, first.outputTokens);
        }
        return streamedToolRound(request, key, deadline, turn, first, tools);
    }

    private String apiKey() {
        try {
            return keys.apiKey();
        } catch (ApiKeyUnavailableException e) {
            throw new ModelException(
                    e.denied() ? Kind.ACCESS_DENIED : Kind.UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * POSTs {@code body} (streamed into {@code sink} when it is not {@code null}) with one retry
     * while the deadline allows and nothing of the turn has reached {@code sink}: the successful
     * attempt.
     */
    private Attempt call(byte[] body, String key, long deadline, TurnSink sink) {
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new ModelException(
                        Kind.TIMEOUT, describe() + " did not answer within " + timeout, null);
            }
            Attempt outcome =
                    sink == null ? attempt(body, key, left) : streamAttempt(body, key, left, sink);
            if (outcome.failure == null) {
                return outcome;
            }
            long delayMs =
                    outcome.retryAfterMs >= 0
                            ? outcome.retryAfterMs
                            : RETRY_BACKOFF_MS / 2
                                    + ThreadLocalRandom.current()
                                            .nextLong(RETRY_BACKOFF_MS / 2 + 1);
            long leftAfterDelayMs = (deadline - System.nanoTime()) / 1_000_000 - delayMs;
            if (!outcome.retryable
                    || (sink != null && sink.sentAny())
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
     * The buffered tool round: run the calls, send the results back once (with {@code tool_choice:
     * none}, so the model answers instead of calling again) within the same deadline, and answer
     * with that reply; with too little time left, or no text in it, the tools' fallback reply.
     */
    private ModelReply toolRound(
            ModelRequest request, String key, long deadline, Object first, OpenAiToolRound round) {
        Object usage = get(first, "usage");
        int in = tokens(get(usage, "prompt_tokens"));
        int out = tokens(get(usage, "completion_tokens"));
        if (!round.run(describe()) || !round.mayFollowUp()) {
            return new ModelReply(round.fallbackReply(), in, out);
        }
        Object followUp =
                call(
                                body(request, request.tools(), round::writeMessages, false),
                                key,
                                deadline,
                                null)
                        .tree;
        Object usage2 = get(followUp, "usage");
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
                content instanceof String t && !t.isBlank() ? t.strip() : round.fallbackReply();
        return new ModelReply(
                text,
                ToolRound.sumTokens(in, tokens(get(usage2, "prompt_tokens"))),
                ToolRound.sumTokens(out, tokens(get(usage2, "completion_tokens"))));
    }

    /**
     * The streamed tool round: the calls run under the same rules as {@link #toolRound}, then the
     * follow-up ({@code tool_choice: none}) streams into the same sink. What the model said before
     * the call has already been shown, so it stays part of the reply, and the answer follows it
     * after a blank line; an empty follow-up, or no time for one, hands over the tools' fallback
     * reply instead.
     */
    private ModelReply streamedToolRound(
            ModelRequest request,
            String key,
            long deadline,
            TurnSink turn,
            SseReply first,
            Tools tools) {
        OpenAiToolRound round =
                new OpenAiToolRound(
                        tools,
                        ToolRound.endingAt(deadline),
                        first.calls.message(first.text.toString()),
                        first.calls.overCap());
        int in = first.inputTokens;
        int out = first.outputTokens;
        turn.separateNext();
        if (round.run(describe()) && round.mayFollowUp()) {
            SseReply followUp =
                    call(body(request, tools, round::writeMessages, true), key, deadline, turn)
                            .stream;
            in = ToolRound.sumTokens(in, followUp.inputTokens);
            out = ToolRound.sumTokens(out, followUp.outputTokens);
            if (turn.stopped() || !followUp.text.isEmpty()) {
                return turn.reply(in, out);
            }
        }
        turn.accept(round.fallbackReply());
        return turn.reply(in, out);
    }

    /**
     * One POST within {@code left}. Retryable: 429 (not an exhausted quota), 5xx and a connection
     * cut mid-exchange; not: a timeout (the budget is spent), a refused connection (nothing
     * listens), a 200 whose body is unusable (the same prompt would cost the same tokens again),
     * 4xx.
     */
    private Attempt attempt(byte[] body, String key, Duration left) {
        Sent<byte[]> sent =
                send(body, key, left, "application/json", HttpResponse.BodyHandlers.ofByteArray());
        if (sent.failed != null) {
            return sent.failed;
        }
        HttpResponse<byte[]> response = sent.response;
        int status = response.statusCode();
        if (status != 200) {
            ModelException failure = failure(status, response.body(), key);
            boolean retryable =
                    (status == 429 && failure.kind() == Kind.THROTTLED) || status >= 500;
            return Attempt.failed(
                    failure, retryable, String.valueOf(status), retryAfterMs(response));
        }
        return new Attempt(null, parseOk(response.body()), null, false, null, -1);
    }

    /**
     * One streaming POST within {@code left}: the same failures and retry rules as {@link #attempt}
     * while nothing of the turn has reached {@code sink}; after that, {@link #call} retries
     * nothing.
     */
    private Attempt streamAttempt(byte[] body, String key, Duration left, TurnSink sink) {
        long deadline = System.nanoTime() + left.toNanos();
        Sent<InputStream> sent =
                send(
                        body,
                        key,
                        left,
                        "text/event-stream",
                        HttpResponse.BodyHandlers.ofInputStream());
        if (sent.failed != null) {
            return sent.failed;
        }
        HttpResponse<InputStream> response = sent.response;
        int status = response.statusCode();
        if (status != 200) {
            byte[] error;
            try (InputStream in = response.body()) {
                error = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                error = new byte[0];
            }
            ModelException failure = failure(status, error, key);
            boolean retryable =
                    (status == 429 && failure.kind() == Kind.THROTTLED) || status >= 500;
            return Attempt.failed(
                    failure, retryable, String.valueOf(status), retryAfterMs(response));
        }
        SseReply reply = new SseReply(sink);
        InputStream in = response.body();
        // a stream that stalls is closed at the deadline, which ends the blocked read
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        long waitMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        CompletableFuture.runAsync(
                () -> {
                    if (!finished.get()) {
                        timedOut.set(true);
                        closeQuietly(in);
                    }
                },
                CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS));
        try (in) {
            reply.read(in);
        } catch (IOException e) {
            if (!timedOut.get()) {
                return brokenStream(e.getClass().getSimpleName());
            }
        } finally {
            finished.set(true);
        }
        if (timedOut.get() && !reply.stopped && !reply.ended) {
            return Attempt.failed(
                    new ModelException(
                            Kind.TIMEOUT, describe() + " did not finish within " + timeout, null),
                    false,
                    "timeout",
                    -1);
        }
        if (reply.failure != null) {
            return Attempt.failed(reply.failure, false, "stream error", -1);
        }
        if (!reply.ended && !reply.stopped) {
            return brokenStream("the stream ended without [DONE]");
        }
        return new Attempt(reply, null, null, false, null, -1);
    }

    /** A stream cut short: {@link #call} retries it only when no piece has been passed on yet. */
    private Attempt brokenStream(String cause) {
        return Attempt.failed(
                new ModelException(Kind.UNAVAILABLE, describe() + " stream broke: " + cause, null),
                true,
                cause,
                -1);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only to end a stalled read
        }
    }

    /**
     * Reads an OpenAI-style event stream: {@code data: {chunk}} lines, then {@code data: [DONE]}.
     * Each chunk's {@code choices[0].delta.content} goes to the sink at once; {@code
     * delta.tool_calls} fragments are joined by index; the usage comes in a last chunk without
     * choices.
     */
    private final class SseReply {
        final DeltaSink sink;
        final StringBuilder text = new StringBuilder();
        final OpenAiToolRound.StreamedCalls calls = new OpenAiToolRound.StreamedCalls();
        int inputTokens = -1;
        int outputTokens = -1;
        Object finishReason;
        boolean ended;
        boolean stopped;
        ModelException failure;

        SseReply(DeltaSink sink) {
            this.sink = sink;
        }

        void read(InputStream in) throws IOException {
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0 && !event(data.toString())) {
                        return;
                    }
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
                }
                // other fields (event:, id:, retry:) and comments (":") carry nothing we use
            }
            if (data.length() > 0) {
                event(data.toString());
            }
        }

        /** Handles one event; whether to read on. */
        private boolean event(String data) {
            if (data.strip().equals("[DONE]")) {
                ended = true;
                return false;
            }
            Object chunk;
            try {
                chunk = parse(data.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                failure =
                        new ModelException(
                                Kind.INVALID_RESPONSE,
                                describe() + " streamed an event that is not JSON",
                                null);
                return false;
            }
            Object error = get(chunk, "error");
            if (error != null) {
                Object said = error instanceof String ? error : get(error, "message");
                failure =
                        new ModelException(
                                Kind.UNAVAILABLE,
                                describe()
                                        + " streamed an error: "
                                        + redact(String.valueOf(said), null),
                                null);
                return false;
            }
            Object usage = get(chunk, "usage");
            if (usage != null) {
                inputTokens = tokens(get(usage, "prompt_tokens"));
                outputTokens = tokens(get(usage, "completion_tokens"));
            }
            Object choice = first(get(chunk, "choices"));
            Object finish = get(choice, "finish_reason");
            if (finish != null) {
                finishReason = finish;
            }
            Object delta = get(choice, "delta");
            if ("content_filter".equals(finish) || get(delta, "refusal") instanceof String) {
                failure =
                        new ModelException(
                                Kind.REFUSED,
                                describe() + " refused (finish_reason " + finish + ")",
                                null);
                return false;
            }
            if (get(delta, "tool_calls") instanceof List<?> fragments) {
                for (int i = 0; i < fragments.size(); i++) {
                    calls.add(fragments.get(i), i);
                }
            }
            if (get(delta, "content") instanceof String piece && !piece.isEmpty()) {
                if (text.isEmpty()) {
                    piece = piece.stripLeading(); // as the buffered reply, which is stripped
                    if (piece.isEmpty()) {
                        return true;
                    }
                }
                text.append(piece);
                if (!sink.accept(piece)) {
                    stopped = true;
                    return false;
                }
            }
            return true;
        }
    }

    /** A response, or the failed attempt when none came. */
    private record Sent<T>(HttpResponse<T> response, Attempt failed) {}

    private <T> Sent<T> send(
            byte[] body,
            String key,
            Duration left,
            String accept,
            HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder req =
                HttpRequest.newBuilder(endpoint)
                        .timeout(left)
                        .header("Content-Type", "application/json")
                        .header("Accept", accept)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            req.header("Authorization", "Bearer " + key);
        }
        try {
            return new Sent<>(http.send(req.build(), handler), null);
        } catch (HttpConnectTimeoutException e) {
            return new Sent<>(
                    null,
                    Attempt.failed(
                            new ModelException(
                                    Kind.UNAVAILABLE,
                                    describe() + " could not connect within " + CONNECT_TIMEOUT,
                                    e),
                            false,
                            "connect timeout",
                            -1));
        } catch (HttpTimeoutException e) {
            return new Sent<>(
                    null,
                    Attempt.failed(
                            new ModelException(
                                    Kind.TIMEOUT,
                                    describe() + " did not answer within " + timeout,
                                    e),
                            false,
                            "timeout",
                            -1));
        } catch (ConnectException e) {
            return new Sent<>(
                    null,
                    Attempt.failed(
                            new ModelException(
                                    Kind.UNAVAILABLE,
                                    describe() + " refused the connection; is the server running?",
                                    e),
                            false,
                            "connection refused",
                            -1));
        } catch (IOException e) {
            String cause =
                    e.getClass().getSimpleName()
                            + (e.getMessage() != null ? ": " + redact(e.getMessage(), key) : "");
            return new Sent<>(
                    null,
                    Attempt.failed(
                            new ModelException(
                                    Kind.UNAVAILABLE,
                                    describe() + " failed: " + e.getClass().getSimpleName(),
                                    e),
                            true,
                            cause,
                            -1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent<>(
                    null,
                    Attempt.failed(
                            new ModelException(Kind.UNAVAILABLE, describe() + " interrupted", e),
                            false,
                            "",
                            -1));
        }
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

    /**
     * One attempt's result: a read stream or a buffered answer's parsed body, or a failure with
     * whether a retry may help.
     */
    private record Attempt(
            SseReply stream,
            Object tree,
            ModelException failure,
            boolean retryable,
            String cause,
            long retryAfterMs) {
        static Attempt failed(
                ModelException failure, boolean retryable, String cause, long retryAfterMs) {
            return new Attempt(null, null, failure, retryable, cause, retryAfterMs);
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
        return body(request, null, null, false);
    }

    /**
     * @param tools offered as {@code tools} (function schemas) when not {@code null}
     * @param followUp writes the tool round's extra messages; then {@code tool_choice} is {@code
     *     none}
     * @param stream {@code "stream": true} with usage in the last event
     */
    byte[] body(ModelRequest request, Tools tools, Json.Writer followUp, boolean stream) {
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
                    if (stream) {
                        g.writeBooleanField("stream", true);
                        g.writeObjectFieldStart("stream_options");
                        g.writeBooleanField("include_usage", true);
                        g.writeEndObject();
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

    /** A small tree (maps, lists, strings, numbers, booleans) of a JSON body. */
    static Object parse(byte[] body) throws IOException {
        return JsonTree.parse(body);
    }
}
