package dev.twin.runtime.adapter.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.chat.TurnSink;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.json.JsonTree;
import dev.twin.runtime.observe.Log;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Bedrock {@code ConverseStream} over the JDK HttpClient: the request signed with the SDK's SigV4
 * signer, the {@code application/vnd.amazon.eventstream} answer read with the SDK's event-stream
 * decoder (both already in the Lambda jar for the synchronous client). The SDK's own streaming call
 * needs an async client (Netty or CRT), which would add 4.3 MB (Netty) or more (CRT's native
 * libraries) to the jar and a second HTTP stack to initialise (docs/streaming.md).
 */
final class BedrockConverseStream {

    /** Request headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private final HttpClient http;
    private final URI endpoint;
    private final String region;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final String modelId;
    private final int maxTokens;
    private final float temperature;
    private final Duration timeout;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    BedrockConverseStream(
            HttpClient http,
            URI endpoint,
            String region,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            String modelId,
            int maxTokens,
            float temperature,
            Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint =
                endpoint != null
                        ? endpoint
                        : URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.modelId = modelId;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.timeout = timeout;
    }

    /**
     * The turn's model phase: the first call, and when it asks for tools, the tool round and a
     * second streamed call, all within {@code timeout}. Everything handed to {@code sink} is the
     * returned text.
     */
    ModelReply stream(ModelRequest request, DeltaSink sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Tools tools = request.tools();
        String system = request.systemPrompt();
        List<Message> messages = BedrockChatModel.messages(request.history());
        TurnSink shown = new TurnSink(sink);
        Events first = call(body(system, messages, tools), shown, deadline);
        if (shown.stopped() || tools == null || first.uses.isEmpty()) {
            if (!shown.stopped() && first.text.isEmpty()) {
                throw new ModelException(
                        Kind.INVALID_RESPONSE,
                        describe() + " streamed no text (stop reason " + first.stopReason + ")",
                        null);
            }
            return shown.reply(first.inputTokens, first.outputTokens);
        }
        List<BedrockToolRound.Request> requests = first.requests();
        BedrockToolRound.Answer answer =
                BedrockToolRound.run(
                        describe(),
                        tools,
                        ToolRound.endingAt(deadline),
                        messages,
                        first.assistant(requests),
                        requests,
                        new ModelReply("", first.inputTokens, first.outputTokens),
                        (next, left) -> {
                            shown.separateNext();
                            Events second =
                                    call(
                                            body(system, next, tools),
                                            shown,
                                            System.nanoTime() + left.toNanos());
                            return new ModelReply(
                                    second.text.toString(),
                                    second.inputTokens,
                                    second.outputTokens);
                        });
        if (answer.fallback()) {
            shown.separateNext();
            shown.accept(answer.text());
        }
        return shown.reply(answer.inputTokens(), answer.outputTokens());
    }

    /**
     * One ConverseStream call, retried once (throttling, 5xx, a reset) only while nothing of the
     * turn reached the visitor: a retry would say it again.
     */
    private Events call(byte[] body, TurnSink shown, long deadline) {
        for (int attempt = 1; ; attempt++) {
            Events events = new Events(shown);
            try {
                attempt(body, events, deadline);
                return events;
            } catch (ModelException e) {
                boolean retryable =
                        !shown.sentAny()
                                && (e.kind() == Kind.THROTTLED || e.kind() == Kind.UNAVAILABLE);
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (!retryable || attempt >= BedrockChatModel.MAX_ATTEMPTS || leftMs < 1_000) {
                    throw e;
                }
                Log.retry(
                        "bedrock",
                        "ConverseStream",
                        attempt + 1,
                        BedrockChatModel.MAX_ATTEMPTS,
                        e.kind().code(),
                        200);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void attempt(byte[] body, Events events, long deadline) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw new ModelException(Kind.TIMEOUT, describe() + " timed out", null);
        }
        URI uri =
                endpoint.resolve(
                        "/model/"
                                + URLEncoder.encode(modelId, StandardCharsets.UTF_8)
                                        .replace("+", "%20")
                                + "/converse-stream");
        SignedRequest signed =
                signer.sign(
                        r ->
                                r.identity(credentials.resolveIdentity().join())
                                        .request(
                                                SdkHttpRequest.builder()
                                                        .method(SdkHttpMethod.POST)
                                                        .uri(uri)
                                                        .putHeader(
                                                                "content-type", "application/json")
                                                        .putHeader(
                                                                "accept",
                                                                "application/vnd.amazon.eventstream")
                                                        .build())
                                        .payload(() -> new ByteArrayInputStream(body))
                                        .putProperty(
                                                AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder req =
                HttpRequest.newBuilder(uri)
                        .timeout(left)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request()
                .forEachHeader(
                        (name, values) -> {
                            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                                values.forEach(v -> req.header(name, v));
                            }
                        });
        HttpResponse<InputStream> response;
        try {
            response = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ModelException(Kind.TIMEOUT, describe() + " timed out", e);
        } catch (IOException e) {
            throw new ModelException(
                    Kind.UNAVAILABLE,
                    describe() + " unreachable: " + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(Kind.UNAVAILABLE, describe() + " interrupted", e);
        }
        if (response.statusCode() != 200) {
            String type = response.headers().firstValue("x-amzn-errortype").orElse("");
            String message;
            try (InputStream in = response.body()) {
                message = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                message = "";
            }
            throw failure(type.split(":")[0], message, response.statusCode());
        }
        InputStream in = response.body();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        long waitMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        // a stream that stalls is closed at the deadline, which ends the blocked read
        CompletableFuture.runAsync(
                () -> {
                    if (!finished.get()) {
                        timedOut.set(true);
                        try {
                            in.close();
                        } catch (IOException ignored) {
                            // closing only to end a stalled read
                        }
                    }
                },
                CompletableFuture.delayedExecutor(waitMs, TimeUnit.MILLISECONDS));
        MessageDecoder decoder = new MessageDecoder(m -> events.on(m.getHeaders(), m.getPayload()));
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while (!events.over() && (n = in.read(buffer)) > 0) {
                decoder.feed(buffer, 0, n);
            }
        } catch (IOException | UncheckedIOException e) {
            if (!timedOut.get()) {
                throw new ModelException(
                        Kind.UNAVAILABLE,
                        describe() + " stream broke: " + e.getClass().getSimpleName(),
                        e);
            }
        } catch (IllegalArgumentException | IllegalStateException corrupt) {
            throw new ModelException(
                    Kind.INVALID_RESPONSE, describe() + " sent a corrupt event stream", corrupt);
        } finally {
            finished.set(true);
        }
        if (events.failure != null) {
            throw events.failure;
        }
        if (!events.stopped && !events.ended) {
            throw new ModelException(
                    timedOut.get() ? Kind.TIMEOUT : Kind.UNAVAILABLE,
                    describe() + (timedOut.get() ? " timed out" : " stream ended early"),
                    null);
        }
    }

    /** A tool use being streamed: its id and name, then its input in JSON fragments. */
    private static final class PendingUse {
        final String toolUseId;
        final String name;
        final StringBuilder input = new StringBuilder();
        boolean tooLong;

        PendingUse(String toolUseId, String name) {
            this.toolUseId = toolUseId;
            this.name = name;
        }

        void append(String part) {
            if (tooLong || input.length() + part.length() > ToolRound.MAX_ARGUMENT_CHARS) {
                tooLong = true;
                input.setLength(0); // nothing of it is used: keep no more of it
                return;
            }
            input.append(part);
        }

        BedrockToolRound.Request request() {
            Document parsed;
            String invalid = null;
            if (tooLong) {
                return new BedrockToolRound.Request(
                        ToolUseBlock.builder()
                                .toolUseId(toolUseId)
                                .name(name)
                                .input(Document.fromMap(Map.of()))
                                .build(),
                        "the input of "
                                + name
                                + " was over "
                                + ToolRound.MAX_ARGUMENT_CHARS
                                + " characters; nothing was done");
            }
            try {
                parsed = DocumentJson.readObject(input.toString());
            } catch (IOException e) {
                // the model reads this and answers; the visitor's turn goes on
                parsed = Document.fromMap(Map.of());
                invalid = "the input of " + name + " was not a valid JSON object; nothing was done";
            }
            return new BedrockToolRound.Request(
                    ToolUseBlock.builder().toolUseId(toolUseId).name(name).input(parsed).build(),
                    invalid);
        }
    }

    /** What the events of one attempt said. */
    private final class Events {
        final TurnSink shown;
        final StringBuilder text = new StringBuilder();
        final SortedMap<Integer, PendingUse> uses = new TreeMap<>();
        int inputTokens = -1;
        int outputTokens = -1;
        String stopReason;
        boolean messageStopped;
        boolean ended;
        boolean stopped;
        ModelException failure;

        Events(TurnSink shown) {
            this.shown = shown;
        }

        boolean over() {
            return ended || stopped || failure != null;
        }

        /** The tool uses, in the order the model wrote them. */
        List<BedrockToolRound.Request> requests() {
            List<BedrockToolRound.Request> out = new ArrayList<>(uses.size());
            for (PendingUse use : uses.values()) {
                out.add(use.request());
            }
            return out;
        }

        /** This answer as Converse wants it back before the tool results. */
        Message assistant(List<BedrockToolRound.Request> requests) {
            List<ContentBlock> content = new ArrayList<>(requests.size() + 1);
            if (!text.toString().isBlank()) {
                content.add(ContentBlock.fromText(text.toString()));
            }
            for (BedrockToolRound.Request r : requests) {
                content.add(ContentBlock.fromToolUse(r.use()));
            }
            return Message.builder().role(ConversationRole.ASSISTANT).content(content).build();
        }

        void on(Map<String, HeaderValue> h, byte[] body) {
            if (over()) {
                return;
            }
            String kind = header(h, ":message-type");
            Object payload;
            try {
                payload = parse(body);
            } catch (IOException e) {
                failure =
                        new ModelException(
                                Kind.INVALID_RESPONSE,
                                describe() + " streamed an event that is not JSON",
                                null);
                return;
            }
            if ("exception".equals(kind) || "error".equals(kind)) {
                String type =
                        "exception".equals(kind)
                                ? header(h, ":exception-type")
                                : header(h, ":error-code");
                Object said = get(payload, "message");
                failure = failure(type, said == null ? "" : said.toString(), 0);
                return;
            }
            switch (header(h, ":event-type")) {
                case "contentBlockStart" -> {
                    Object use = get(get(payload, "start"), "toolUse");
                    if (use != null && get(payload, "contentBlockIndex") instanceof Number index) {
                        uses.put(
                                index.intValue(),
                                new PendingUse(
                                        String.valueOf(get(use, "toolUseId")),
                                        String.valueOf(get(use, "name"))));
                    }
                }
                case "contentBlockDelta" -> {
                    Object delta = get(payload, "delta");
                    if (get(delta, "text") instanceof String piece && !piece.isEmpty()) {
                        text.append(piece);
                        if (!shown.accept(piece)) {
                            stopped = true;
                        }
                    } else if (get(get(delta, "toolUse"), "input") instanceof String part
                            && get(payload, "contentBlockIndex") instanceof Number index
                            && uses.get(index.intValue()) != null) {
                        uses.get(index.intValue()).append(part);
                    }
                }
                case "messageStop" -> {
                    Object reason = get(payload, "stopReason");
                    stopReason = reason == null ? null : reason.toString();
                    messageStopped = true;
                    if ("content_filtered".equals(stopReason)
                            || "guardrail_intervened".equals(stopReason)) {
                        failure =
                                new ModelException(
                                        Kind.REFUSED,
                                        describe() + " refused (stop reason " + stopReason + ")",
                                        null);
                    }
                }
                case "metadata" -> {
                    Object usage = get(payload, "usage");
                    inputTokens = tokens(get(usage, "inputTokens"));
                    outputTokens = tokens(get(usage, "outputTokens"));
                    ended = messageStopped; // metadata is the last event
                }
                default -> {
                    // messageStart and contentBlockStop carry nothing we use
                }
            }
        }
    }

    private ModelException failure(String type, String message, int status) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        String detail = describe() + " " + (type == null ? status : type) + ": " + message;
        if (t.startsWith("throttling") || t.startsWith("servicequotaexceeded") || status == 429) {
            return new ModelException(Kind.THROTTLED, detail, null);
        }
        if (t.startsWith("modeltimeout") || status == 408) {
            return new ModelException(Kind.TIMEOUT, detail, null);
        }
        if (t.startsWith("accessdenied") || t.startsWith("resourcenotfound") || status == 403) {
            return new ModelException(
                    Kind.ACCESS_DENIED,
                    detail + " - check the model access and TWIN_MODEL_ID in this region",
                    null);
        }
        if (t.startsWith("validation") || (status >= 400 && status < 500)) {
            return new ModelException(Kind.INVALID_RESPONSE, detail, null);
        }
        return new ModelException(Kind.UNAVAILABLE, detail, null);
    }

    private String describe() {
        return "bedrock " + modelId;
    }

    /**
     * The request: the conversation (text, and in a follow-up the model's tool uses and the
     * results), and the tools' configuration whenever the turn offers tools, which Bedrock also
     * requires once the conversation holds tool blocks.
     */
    private byte[] body(String system, List<Message> messages, Tools tools) {
        int hint = 512 + system.length();
        for (Message m : messages) {
            for (ContentBlock c : m.content()) {
                hint += 64 + (c.text() == null ? 256 : c.text().length());
            }
        }
        ToolConfiguration toolConfig =
                tools == null ? null : BedrockChatModel.toolConfig(tools.specs());
        return Json.write(
                hint,
                g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("system");
                    g.writeStartObject();
                    g.writeStringField("text", system);
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeArrayFieldStart("messages");
                    for (Message m : messages) {
                        g.writeStartObject();
                        g.writeStringField(
                                "role", m.role() == ConversationRole.USER ? "user" : "assistant");
                        g.writeArrayFieldStart("content");
                        for (ContentBlock c : m.content()) {
                            write(g, c);
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeObjectFieldStart("inferenceConfig");
                    g.writeNumberField("maxTokens", maxTokens);
                    g.writeNumberField("temperature", temperature);
                    g.writeEndObject();
                    if (toolConfig != null) {
                        write(g, toolConfig);
                    }
                    g.writeEndObject();
                });
    }

    /** A content block in Converse's JSON: text, toolUse or toolResult (the kinds a turn sends). */
    private static void write(JsonGenerator g, ContentBlock c) throws IOException {
        g.writeStartObject();
        if (c.text() != null) {
            g.writeStringField("text", c.text());
        } else if (c.toolUse() != null) {
            ToolUseBlock use = c.toolUse();
            g.writeObjectFieldStart("toolUse");
            g.writeStringField("toolUseId", use.toolUseId());
            g.writeStringField("name", use.name());
            g.writeFieldName("input");
            DocumentJson.write(g, use.input());
            g.writeEndObject();
        } else if (c.toolResult() != null) {
            ToolResultBlock result = c.toolResult();
            g.writeObjectFieldStart("toolResult");
            g.writeStringField("toolUseId", result.toolUseId());
            g.writeArrayFieldStart("content");
            for (ToolResultContentBlock part : result.content()) {
                g.writeStartObject();
                g.writeStringField("text", part.text());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("status", result.statusAsString());
            g.writeEndObject();
        } else {
            throw new IllegalStateException("a turn sends only text, toolUse and toolResult");
        }
        g.writeEndObject();
    }

    /** {@code "toolConfig"}: the same tools {@link BedrockChatModel#toolConfig} offers Converse. */
    private static void write(JsonGenerator g, ToolConfiguration config) throws IOException {
        g.writeObjectFieldStart("toolConfig");
        g.writeArrayFieldStart("tools");
        for (Tool tool : config.tools()) {
            ToolSpecification spec = tool.toolSpec();
            g.writeStartObject();
            g.writeObjectFieldStart("toolSpec");
            g.writeStringField("name", spec.name());
            g.writeStringField("description", spec.description());
            g.writeObjectFieldStart("inputSchema");
            g.writeFieldName("json");
            DocumentJson.write(g, spec.inputSchema().json());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String header(Map<String, HeaderValue> h, String name) {
        HeaderValue v = h.get(name);
        return v == null ? "" : v.getString();
    }

    private static int tokens(Object n) {
        return n instanceof Number num ? num.intValue() : -1;
    }

    private static Object get(Object node, String field) {
        return node instanceof Map<?, ?> m ? m.get(field) : null;
    }

    private static Object parse(byte[] payload) throws IOException {
        if (payload.length == 0) {
            return Map.of();
        }
        return JsonTree.parse(payload);
    }
}
