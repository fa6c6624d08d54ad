package dev.twin.runtime.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A loopback stand-in for the model endpoints, used only while priming a SnapStart snapshot: it
 * answers Bedrock's Converse and ConverseStream and an OpenAI-compatible chat completion (buffered
 * or streamed) with a fixed one-word reply, so the real adapters run their whole request path
 * (marshalling, signing, HTTP, JSON, event streams) without a billable call and without leaving the
 * machine.
 */
final class ModelStandIn implements AutoCloseable {

    static final String BEDROCK_REPLY =
            "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"ok\"}]}},"
                    + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":1,\"outputTokens\":1,"
                    + "\"totalTokens\":2},\"metrics\":{\"latencyMs\":1}}";
    static final String OPENAI_REPLY =
            "{\"id\":\"priming\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";

    static final String OPENAI_STREAM =
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}],"
                    + "\"usage\":null}\n\n"
                    + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":null}\n\n"
                    + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\n"
                    + "data: [DONE]\n\n";

    private final HttpServer server;

    /** ConverseStream's events for the reply "ok", in AWS's event-stream encoding. */
    private static byte[] bedrockStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event(out, "messageStart", "{\"role\":\"assistant\"}");
        event(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"ok\"}}");
        event(out, "contentBlockStop", "{\"contentBlockIndex\":0}");
        event(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
        event(
                out,
                "metadata",
                "{\"usage\":{\"inputTokens\":1,\"outputTokens\":1,\"totalTokens\":2},"
                        + "\"metrics\":{\"latencyMs\":1}}");
        return out.toByteArray();
    }

    private static void event(ByteArrayOutputStream out, String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
    }

    private ModelStandIn(HttpServer server) {
        this.server = server;
    }

    static ModelStandIn start() throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext(
                "/",
                exchange -> {
                    try (InputStream in = exchange.getRequestBody();
                            OutputStream out = exchange.getResponseBody()) {
                        String request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        String path = exchange.getRequestURI().getPath();
                        String type = "application/json";
                        byte[] body;
                        if (path.endsWith("/converse-stream")) {
                            type = "application/vnd.amazon.eventstream";
                            body = bedrockStream();
                        } else if (path.endsWith("/chat/completions")
                                && request.contains("\"stream\":true")) {
                            type = "text/event-stream";
                            body = OPENAI_STREAM.getBytes(StandardCharsets.UTF_8);
                        } else {
                            body =
                                    (path.endsWith("/chat/completions")
                                                    ? OPENAI_REPLY
                                                    : BEDROCK_REPLY)
                                            .getBytes(StandardCharsets.UTF_8);
                        }
                        exchange.getResponseHeaders().add("content-type", type);
                        exchange.sendResponseHeaders(200, body.length);
                        out.write(body);
                    }
                });
        server.start();
        return new ModelStandIn(server);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
