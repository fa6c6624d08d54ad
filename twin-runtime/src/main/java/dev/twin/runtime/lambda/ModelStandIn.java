package dev.twin.runtime.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback stand-in for the model endpoints, used only while priming a SnapStart snapshot: it
 * answers Bedrock's Converse and an OpenAI-compatible chat completion with a fixed one-word reply,
 * so the real adapters run their whole request path (marshalling, signing, HTTP, JSON) without a
 * billable call and without leaving the machine.
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

    private final HttpServer server;

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
                        in.readAllBytes();
                        String path = exchange.getRequestURI().getPath();
                        byte[] body =
                                (path.endsWith("/chat/completions") ? OPENAI_REPLY : BEDROCK_REPLY)
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("content-type", "application/json");
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
