package dev.twin.runtime.adapter.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test stand-in: an OpenAI-compatible endpoint on loopback that answers each {@code POST
 * /v1/chat/completions} with a scripted exchange, writing and flushing one piece at a time (with
 * pauses), which WireMock cannot do. It records each request's headers and body.
 */
public final class StreamingStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to send for one request. */
    @FunctionalInterface
    public interface Script {
        void answer(HttpExchange exchange) throws Exception;
    }

    /** One recorded request. */
    public record Seen(Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public StreamingStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(pool);
        server.createContext(
                "/v1/chat/completions",
                exchange -> {
                    try (exchange) {
                        seen.add(
                                new Seen(
                                        Map.copyOf(exchange.getRequestHeaders()),
                                        new String(
                                                exchange.getRequestBody().readAllBytes(),
                                                StandardCharsets.UTF_8)));
                        Script s;
                        synchronized (scripts) {
                            s = scripts.poll();
                        }
                        if (s == null) {
                            exchange.sendResponseHeaders(500, -1);
                            return;
                        }
                        s.answer(exchange);
                    } catch (Exception e) {
                        // the client went away or the script cut the connection on purpose
                    }
                });
        server.start();
    }

    public StreamingStandIn then(Script s) {
        synchronized (scripts) {
            scripts.add(s);
        }
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Starts a 200 event stream. */
    public static OutputStream open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes and flushes one {@code data:} event. */
    public static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A chunk whose {@code choices[0].delta.content} is {@code text} (no JSON escaping needed). */
    public static String piece(String text) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + text
                + "\"},\"finish_reason\":null}]}";
    }

    /** The last chunk of a stream with usage: empty choices and the token counts. */
    public static String usage(int prompt, int completion) {
        return "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                + prompt
                + ",\"completion_tokens\":"
                + completion
                + "}}";
    }

    /** A piece of tool call {@code index}'s {@code function.arguments} string. */
    public record Fragment(int index, String arguments) {}

    /**
     * The first fragment of tool call {@code index}, as OpenAI streams it: {@code id}, {@code type}
     * and {@code function.name}, with empty arguments.
     */
    public static String toolCallStart(int index, String id, String name) {
        ObjectNode call = JSON.createObjectNode().put("index", index).put("id", id);
        call.put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        return toolCallChunk(List.of(call));
    }

    /** One chunk carrying argument pieces of one or more tool calls (only index and arguments). */
    public static String toolCallArguments(Fragment... fragments) {
        List<ObjectNode> calls = new ArrayList<>();
        for (Fragment f : fragments) {
            ObjectNode call = JSON.createObjectNode().put("index", f.index());
            call.putObject("function").put("arguments", f.arguments());
            calls.add(call);
        }
        return toolCallChunk(calls);
    }

    /** The chunk that ends the choice: an empty delta and its {@code finish_reason}. */
    public static String finish(String reason) {
        ObjectNode chunk = chunk();
        ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", reason);
        return chunk.toString();
    }

    private static String toolCallChunk(List<ObjectNode> calls) {
        ObjectNode chunk = chunk();
        ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
        ArrayNode toolCalls = choice.putObject("delta").putArray("tool_calls");
        calls.forEach(toolCalls::add);
        choice.putNull("finish_reason");
        return chunk.toString();
    }

    /**
     * A chunk's envelope; with {@code include_usage}, every chunk but the last has a null usage.
     */
    private static ObjectNode chunk() {
        ObjectNode chunk =
                JSON.createObjectNode().put("id", "c1").put("object", "chat.completion.chunk");
        chunk.putArray("choices");
        chunk.putNull("usage");
        return chunk;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
