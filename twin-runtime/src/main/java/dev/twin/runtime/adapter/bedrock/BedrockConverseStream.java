package dev.twin.runtime.adapter.bedrock;

import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;

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

    ModelReply stream(ModelRequest request, DeltaSink sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body = body(request);
        for (int attempt = 1; ; attempt++) {
            Events events = new Events(sink);
            try {
                return call(body, events, deadline);
            } catch (ModelException e) {
                boolean retryable =
                        events.text.isEmpty()
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

    private ModelReply call(byte[] body, Events events, long deadline) {
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
        MessageDecoder decoder = new MessageDecoder(events::on);
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
        if (events.stopped) {
            return events.reply();
        }
        if (!events.ended) {
            throw new ModelException(
                    timedOut.get() ? Kind.TIMEOUT : Kind.UNAVAILABLE,
                    describe() + (timedOut.get() ? " timed out" : " stream ended early"),
                    null);
        }
        if (events.text.isEmpty()) {
            throw new ModelException(
                    Kind.INVALID_RESPONSE,
                    describe() + " streamed no text (stop reason " + events.stopReason + ")",
                    null);
        }
        return events.reply();
    }

    /** What the events of one attempt said. */
    private final class Events {
        final DeltaSink sink;
        final StringBuilder text = new StringBuilder();
        int inputTokens = -1;
        int outputTokens = -1;
        String stopReason;
        boolean messageStopped;
        boolean ended;
        boolean stopped;
        ModelException failure;

        Events(DeltaSink sink) {
            this.sink = sink;
        }

        boolean over() {
            return ended || stopped || failure != null;
        }

        ModelReply reply() {
            return new ModelReply(text.toString(), inputTokens, outputTokens);
        }

        void on(Message m) {
            if (over()) {
                return;
            }
            Map<String, HeaderValue> h = m.getHeaders();
            String kind = header(h, ":message-type");
            Object payload;
            try {
                payload = parse(m.getPayload());
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
                case "contentBlockDelta" -> {
                    if (get(get(payload, "delta"), "text") instanceof String piece
                            && !piece.isEmpty()) {
                        text.append(piece);
                        if (!sink.accept(piece)) {
                            stopped = true;
                        }
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
                    // messageStart, contentBlockStart/Stop carry nothing we use
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

    private byte[] body(ModelRequest request) {
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages =
                BedrockChatModel.messages(request.history());
        int hint = 256 + request.systemPrompt().length();
        for (var m : messages) {
            hint += m.content().get(0).text().length() + 48;
        }
        return Json.write(
                hint,
                g -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("system");
                    g.writeStartObject();
                    g.writeStringField("text", request.systemPrompt());
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeArrayFieldStart("messages");
                    for (var m : messages) {
                        g.writeStartObject();
                        g.writeStringField(
                                "role", m.role() == ConversationRole.USER ? "user" : "assistant");
                        g.writeArrayFieldStart("content");
                        g.writeStartObject();
                        g.writeStringField("text", m.content().get(0).text());
                        g.writeEndObject();
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeObjectFieldStart("inferenceConfig");
                    g.writeNumberField("maxTokens", maxTokens);
                    g.writeNumberField("temperature", temperature);
                    g.writeEndObject();
                    g.writeEndObject();
                });
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
