package dev.twin.runtime.adapter.bedrock;

import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.adapter.aws.AwsClients;
import dev.twin.runtime.chat.ModelReply;
import dev.twin.runtime.chat.ModelRequest;
import dev.twin.runtime.chat.Role;
import dev.twin.runtime.chat.ToolRound;
import dev.twin.runtime.chat.ToolSpec;
import dev.twin.runtime.chat.Tools;
import dev.twin.runtime.port.ChatModel;
import dev.twin.runtime.port.DeltaSink;
import dev.twin.runtime.port.ModelException;
import dev.twin.runtime.port.ModelException.Kind;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Adapter: Amazon Bedrock through the Converse API. The persona prompt goes in the {@code system}
 * field (not a fake first user message); the history window follows in order. {@code TWIN_MODEL_ID}
 * is a model id ({@code amazon.nova-lite-v1:0}) or an inference-profile id ({@code us.}/{@code
 * eu.}/{@code apac.}/{@code global.} prefix, or its ARN), passed as-is.
 */
public final class BedrockChatModel implements ChatModel {

    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final float DEFAULT_TEMPERATURE = 0.7f;

    /**
     * The whole model call, retries included: 16 s leaves the rest of a turn (S3 read, persona
     * check, S3 write, 4 s each at worst) inside the 30 s Lambda / API Gateway limit
     * (docs/FAULTS.md).
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(16);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** One retry (throttling, 5xx, a reset), logged; a second would only eat the answer's time. */
    public static final int MAX_ATTEMPTS = 2;

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{1,2047}");

    private final BedrockRuntimeClient client;
    private final String modelId;
    private final int maxTokens;
    private final float temperature;
    private final Duration budget;
    private volatile BedrockConverseStream streamer;

    public BedrockChatModel(
            BedrockRuntimeClient client, String modelId, int maxTokens, float temperature) {
        this(client, modelId, maxTokens, temperature, CALL_TIMEOUT);
    }

    /**
     * @param budget the whole model phase of a turn, a tool round included (the client's own call
     *     timeout bounds each call; pass the same value)
     */
    public BedrockChatModel(
            BedrockRuntimeClient client,
            String modelId,
            int maxTokens,
            float temperature,
            Duration budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.client = Objects.requireNonNull(client, "client");
        this.modelId = requireModelId(modelId);
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        if (!(temperature >= 0f && temperature <= 1f)) {
            throw new IllegalArgumentException(
                    "temperature must be between 0 and 1, was " + temperature);
        }
        this.maxTokens = maxTokens;
        this.temperature = temperature;
    }

    public BedrockChatModel(BedrockRuntimeClient client, String modelId) {
        this(client, modelId, DEFAULT_MAX_TOKENS, DEFAULT_TEMPERATURE);
    }

    /**
     * A Bedrock model id, inference-profile id or ARN: checked at startup so a typo fails there,
     * with the fix.
     */
    public static String requireModelId(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException(
                    RuntimeEnv.MODEL_ID
                            + " is not set; use a Bedrock model id such as"
                            + " amazon.nova-lite-v1:0 or an inference profile id such as us.amazon.nova-lite-v1:0");
        }
        String id = modelId.strip();
        if (!MODEL_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    RuntimeEnv.MODEL_ID
                            + "="
                            + id
                            + " is not a Bedrock model id; use one such as"
                            + " amazon.nova-lite-v1:0, us.anthropic.claude-3-5-haiku-20241022-v1:0 or an inference profile ARN");
        }
        return id;
    }

    /**
     * The process-wide client: url-connection HTTP client, region from {@code AWS_REGION}, timeouts
     * below the Lambda's.
     */
    public static BedrockRuntimeClient client(
            URI endpoint, AwsCredentialsProvider credentials, Duration callTimeout) {
        // no attempt timeout: a long answer may take most of the call's time in one attempt
        return AwsClients.configure(
                        BedrockRuntimeClient.builder(),
                        endpoint,
                        credentials,
                        CONNECT_TIMEOUT,
                        callTimeout,
                        null,
                        callTimeout,
                        MAX_ATTEMPTS)
                .build();
    }

    public static BedrockRuntimeClient client() {
        return client(null, null, CALL_TIMEOUT);
    }

    @Override
    public ModelReply reply(ModelRequest request) {
        long deadline = System.nanoTime() + budget.toNanos();
        Tools tools = request.tools();
        List<Message> messages = messages(request.history());
        ConverseResponse first = converse(request.systemPrompt(), messages, tools, null);
        List<ToolUseBlock> uses = tools == null ? List.of() : toolUses(first);
        if (uses.isEmpty()) {
            return read(first);
        }
        BedrockToolRound.Answer answer =
                BedrockToolRound.run(
                        describe(),
                        tools,
                        ToolRound.endingAt(deadline),
                        messages,
                        first.output().message(),
                        uses.stream().map(BedrockToolRound.Request::of).toList(),
                        new ModelReply("", usage(first, true), usage(first, false)),
                        (next, timeout) -> {
                            ConverseResponse r =
                                    converse(request.systemPrompt(), next, tools, timeout);
                            String text = text(r);
                            refused(r);
                            return new ModelReply(text, usage(r, true), usage(r, false));
                        });
        return new ModelReply(
                answer.fallback() ? answer.text() : answer.text().strip(),
                answer.inputTokens(),
                answer.outputTokens());
    }

    private static int usage(ConverseResponse r, boolean input) {
        TokenUsage u = r.usage();
        return u == null ? -1 : tokens(input ? u.inputTokens() : u.outputTokens());
    }

    private ConverseResponse converse(
            String system, List<Message> messages, Tools tools, Duration timeout) {
        try {
            return client.converse(
                    r -> {
                        r.modelId(modelId)
                                .system(SystemContentBlock.fromText(system))
                                .messages(messages)
                                .inferenceConfig(
                                        c -> c.maxTokens(maxTokens).temperature(temperature));
                        if (tools != null) {
                            r.toolConfig(toolConfig(tools.specs()));
                        }
                        if (timeout != null) {
                            r.overrideConfiguration(o -> o.apiCallTimeout(timeout));
                        }
                    });
        } catch (SdkException e) {
            throw map(e);
        }
    }

    static ToolConfiguration toolConfig(List<ToolSpec> specs) {
        List<Tool> tools = new ArrayList<>(specs.size());
        for (ToolSpec spec : specs) {
            Map<String, Document> properties = new LinkedHashMap<>();
            List<Document> required = new ArrayList<>();
            for (ToolSpec.Param p : spec.params()) {
                properties.put(
                        p.name(),
                        Document.mapBuilder()
                                .putString("type", "string")
                                .putString("description", p.description())
                                .putNumber("maxLength", p.maxLength())
                                .build());
                if (p.required()) {
                    required.add(Document.fromString(p.name()));
                }
            }
            Document schema =
                    Document.mapBuilder()
                            .putString("type", "object")
                            .putMap("properties", properties)
                            .putList("required", required)
                            .build();
            tools.add(
                    Tool.fromToolSpec(
                            ToolSpecification.builder()
                                    .name(spec.name())
                                    .description(spec.description())
                                    .inputSchema(ToolInputSchema.fromJson(schema))
                                    .build()));
        }
        return ToolConfiguration.builder().tools(tools).build();
    }

    private static List<ToolUseBlock> toolUses(ConverseResponse response) {
        List<ToolUseBlock> uses = new ArrayList<>();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.toolUse() != null) {
                    uses.add(block.toolUse());
                }
            }
        }
        return uses;
    }

    private static String text(ConverseResponse response) {
        StringBuilder text = new StringBuilder();
        if (response.output() != null && response.output().message() != null) {
            for (ContentBlock block : response.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                }
            }
        }
        return text.toString();
    }

    private void refused(ConverseResponse response) {
        StopReason stop = response.stopReason();
        if (stop == StopReason.CONTENT_FILTERED || stop == StopReason.GUARDRAIL_INTERVENED) {
            throw new ModelException(
                    Kind.REFUSED,
                    "bedrock " + modelId + " stopped with " + response.stopReasonAsString(),
                    null);
        }
    }

    /**
     * {@code ConverseStream}, with the same client's region, endpoint and credentials (see {@link
     * BedrockConverseStream} for why it does not go through the SDK's async client), running the
     * turn's tool round as {@link #reply} does, within the same budget.
     */
    @Override
    public ModelReply stream(ModelRequest request, DeltaSink sink) {
        BedrockConverseStream s = streamer;
        if (s == null) {
            var config = client.serviceClientConfiguration();
            s =
                    new BedrockConverseStream(
                            StreamHttp.CLIENT,
                            config.endpointOverride().orElse(null),
                            config.region().id(),
                            config.credentialsProvider(),
                            modelId,
                            maxTokens,
                            temperature,
                            budget);
            streamer = s;
        }
        return s.stream(request, sink);
    }

    /**
     * The JDK client for streams, made on the first streamed turn (the buffered path needs none).
     */
    private static final class StreamHttp {
        static final HttpClient CLIENT =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .version(HttpClient.Version.HTTP_1_1)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @Override
    public String describe() {
        return "bedrock " + modelId;
    }

    /**
     * The window as Converse messages. Converse wants strictly alternating roles and no blank text;
     * stored history normally is, but a blank answer or two user messages in a row must not turn a
     * visitor's question into a 400, so blanks are left out and neighbours of one role are joined.
     */
    static List<Message> messages(List<dev.twin.runtime.chat.Message> history) {
        List<Message> out = new ArrayList<>(history.size());
        ConversationRole lastRole = null;
        StringBuilder pending = new StringBuilder();
        for (dev.twin.runtime.chat.Message m : history) {
            if (m.content().isBlank()) {
                continue;
            }
            ConversationRole role =
                    m.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT;
            if (role == lastRole) {
                pending.append("\n\n").append(m.content());
                continue;
            }
            if (lastRole != null) {
                out.add(message(lastRole, pending.toString()));
            }
            lastRole = role;
            pending.setLength(0);
            pending.append(m.content());
        }
        if (lastRole != null) {
            out.add(message(lastRole, pending.toString()));
        }
        return out;
    }

    private static Message message(ConversationRole role, String text) {
        return Message.builder().role(role).content(ContentBlock.fromText(text)).build();
    }

    private ModelReply read(ConverseResponse response) {
        refused(response);
        String text = text(response);
        if (text.isBlank()) {
            throw new ModelException(
                    Kind.INVALID_RESPONSE,
                    "bedrock "
                            + modelId
                            + " returned no text (stopReason "
                            + response.stopReasonAsString()
                            + ")",
                    null);
        }
        return new ModelReply(text.strip(), usage(response, true), usage(response, false));
    }

    /** Bedrock refuses the model id itself: only another model id (or profile) fixes it. */
    private ModelException unusable(String who, String msg, SdkException e) {
        String region = region();
        return new ModelException(
                Kind.MODEL_UNUSABLE,
                who
                        + " cannot be used in "
                        + region
                        + ": "
                        + msg
                        + " - set TWIN_MODEL_ID (twin:deploy: -Dtwin.modelId=...) to a model or"
                        + " inference-profile id offered in "
                        + region
                        + " (for a profile, the prefix of the region's geography, e.g. eu."
                        + baseModel()
                        + " in an EU region)",
                e);
    }

    private String region() {
        try {
            var r = client.serviceClientConfiguration().region();
            return r == null ? "the function's region" : r.id();
        } catch (RuntimeException e) {
            return "the function's region";
        }
    }

    /** The foundation model of a profile id ({@code eu.amazon.x} -> {@code amazon.x}). */
    private String baseModel() {
        int dot = modelId.indexOf('.');
        String rest = dot < 0 ? modelId : modelId.substring(dot + 1);
        return rest.contains(".") ? rest : modelId;
    }

    private static int tokens(Integer n) {
        return n == null ? -1 : n;
    }

    /**
     * Bedrock's failure -> the kind that decides the visitor's status; the detail (for the log)
     * says what to do.
     */
    ModelException map(SdkException e) {
        String who = "bedrock " + modelId;
        String msg =
                e instanceof BedrockRuntimeException b
                                && b.awsErrorDetails() != null
                                && b.awsErrorDetails().errorMessage() != null
                        ? b.awsErrorDetails().errorMessage()
                        : String.valueOf(e.getMessage());
        if (e instanceof ThrottlingException || e instanceof ServiceQuotaExceededException) {
            return new ModelException(Kind.THROTTLED, who + " throttled: " + msg, e);
        }
        if (e instanceof ModelTimeoutException || isTimeout(e)) {
            return new ModelException(Kind.TIMEOUT, who + " timed out: " + msg, e);
        }
        if (e instanceof AccessDeniedException) {
            return new ModelException(
                    Kind.ACCESS_DENIED,
                    who
                            + " access denied in "
                            + region()
                            + ": "
                            + msg
                            + " - Bedrock enables a model on its first call; for an AWS Marketplace"
                            + " model (e.g. Anthropic, Cohere, Meta) that first call needs someone allowed"
                            + " aws-marketplace:Subscribe and ViewSubscriptions (twin:deploy's model check makes it"
                            + " with the deployer's credentials; or call the model once in the Bedrock console's"
                            + " playground), Anthropic also needs the one-time use-case form; check that the"
                            + " function's role allows bedrock:InvokeModel on it, or use an inference profile id"
                            + " (us./eu./apac./global. prefix)",
                    e);
        }
        if (e instanceof ResourceNotFoundException) {
            return unusable(who, msg, e);
        }
        if (e instanceof ValidationException) {
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("guardrail")
                    || lower.contains("content filter")
                    || lower.contains("harmful")) {
                return new ModelException(Kind.REFUSED, who + " refused the input: " + msg, e);
            }
            if (lower.contains("model identifier")
                    || lower.contains("model id")
                    || lower.contains("inference profile")
                    || lower.contains("on-demand throughput")
                    || lower.contains("in this region")
                    || lower.contains("end of its life")) {
                return unusable(who, msg, e);
            }
            return new ModelException(
                    Kind.INVALID_RESPONSE, who + " rejected the request: " + msg, e);
        }
        if (e instanceof ServiceUnavailableException
                || e instanceof ModelNotReadyException
                || e instanceof InternalServerException
                || e instanceof ModelErrorException) {
            return new ModelException(Kind.UNAVAILABLE, who + " unavailable: " + msg, e);
        }
        if (e instanceof BedrockRuntimeException b) {
            int status = b.statusCode();
            Kind kind =
                    status == 429
                            ? Kind.THROTTLED
                            : status == 403
                                    ? Kind.ACCESS_DENIED
                                    : status >= 500 ? Kind.UNAVAILABLE : Kind.INVALID_RESPONSE;
            return new ModelException(kind, who + " answered " + status + ": " + msg, e);
        }
        if (e instanceof SdkClientException
                && e.getMessage() != null
                && e.getMessage().contains("Unable to unmarshall")) {
            return new ModelException(
                    Kind.INVALID_RESPONSE, who + " sent a response that is not valid: " + msg, e);
        }
        return new ModelException(Kind.UNAVAILABLE, who + " unreachable: " + msg, e);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiCallTimeoutException
                    || t instanceof ApiCallAttemptTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
