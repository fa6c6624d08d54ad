package dev.twin.runtime.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twin.runtime.hostile.Attack.Header;
import dev.twin.runtime.lambda.TwinHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test driver: turns an {@link Attack} into an HTTP API v2 event (mangled as asked) and invokes the
 * handler.
 */
final class LambdaFront {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TwinHandler handler;

    LambdaFront(TwinHandler handler) {
        this.handler = handler;
    }

    Answer send(Attack a) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event(a)), out, null);
        JsonNode r = JSON.readTree(out.toByteArray());
        if (r == null
                || !r.path("statusCode").isInt()
                || !r.path("headers").isObject()
                || !r.path("body").isTextual()
                || !r.path("isBase64Encoded").isBoolean()) {
            throw new AssertionError(
                    "not an HTTP API v2 response for " + a + ": " + out.toString(UTF_8));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.get("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.put(h.getKey().toLowerCase(Locale.ROOT), List.of(h.getValue().asText()));
        }
        return new Answer(
                r.get("statusCode").asInt(),
                headers,
                r.get("body").asText().getBytes(UTF_8),
                false);
    }

    /**
     * The event bytes API Gateway would send for {@code a}, then broken the way {@code a.event()}
     * says.
     */
    static byte[] event(Attack a) throws Exception {
        String path = a.pathText();
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", "$default");
        e.put("rawPath", a.event() == Attack.EventShape.NAMED_STAGE ? "/prod" + path : path);
        e.put("rawQueryString", "");
        // API Gateway joins repeated headers with commas and lower-cases names
        Map<String, String> joined = new LinkedHashMap<>();
        for (Header h : a.headers()) {
            joined.merge(h.name().toLowerCase(Locale.ROOT), h.valueText(), (x, y) -> x + "," + y);
        }
        ObjectNode headers = e.putObject("headers");
        joined.forEach(headers::put);
        ObjectNode rc = e.putObject("requestContext");
        rc.put("requestId", "hostile-" + Integer.toHexString(System.identityHashCode(a)));
        rc.put("stage", a.event() == Attack.EventShape.NAMED_STAGE ? "prod" : "$default");
        ObjectNode http = rc.putObject("http");
        http.put("method", a.method());
        http.put("path", path);
        http.put("sourceIp", "203.0.113.9");
        boolean base64 = a.event() == Attack.EventShape.BASE64 || !isUtf8(a.body());
        if (a.body().length > 0) {
            e.put(
                    "body",
                    base64
                            ? Base64.getEncoder().encodeToString(a.body())
                            : new String(a.body(), UTF_8));
        }
        e.put("isBase64Encoded", base64);
        switch (a.event()) {
            case BASE64_INVALID -> {
                e.put("body", "not base64!" + new String(a.body(), UTF_8));
                e.put("isBase64Encoded", true);
            }
            case NO_REQUEST_CONTEXT -> e.remove("requestContext");
            case NO_RAW_PATH -> e.remove("rawPath");
            case METHOD_NOT_A_STRING -> http.putObject("method").put("x", 1);
            case HEADERS_AN_ARRAY -> e.putArray("headers").add("content-type: application/json");
            case HEADER_VALUES_NOT_STRINGS -> {
                ObjectNode h = e.putObject("headers");
                h.putObject("content-type").put("a", 1);
                h.putArray("origin").add(1);
                h.putNull("x-null");
            }
            case BODY_AN_OBJECT -> e.putObject("body").put("message", "hi");
            case BASE64_FLAG_A_STRING -> e.put("isBase64Encoded", "true");
            case NO_REQUEST_ID -> rc.remove("requestId");
            default -> {
                // the other shapes change the bytes below
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(e);
        return switch (a.event()) {
            case TRUNCATED -> Arrays.copyOf(bytes, bytes.length / 2);
            case NOT_JSON -> ("method=" + a.method() + "&path=" + path).getBytes(UTF_8);
            case EMPTY_INPUT -> new byte[0];
            case JSON_ARRAY -> ("[" + new String(bytes, UTF_8) + "]").getBytes(UTF_8);
            case DEEPLY_NESTED_EVENT ->
                    ("{\"headers\":"
                                    + "{\"a\":".repeat(10_000)
                                    + "1"
                                    + "}".repeat(10_000)
                                    + ","
                                    + new String(bytes, UTF_8).substring(1))
                            .getBytes(UTF_8);
            default -> bytes;
        };
    }

    private static boolean isUtf8(byte[] b) {
        try {
            UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static List<Header> headers(String... nameValue) {
        List<Header> out = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            out.add(Header.of(nameValue[i], nameValue[i + 1]));
        }
        return out;
    }
}
