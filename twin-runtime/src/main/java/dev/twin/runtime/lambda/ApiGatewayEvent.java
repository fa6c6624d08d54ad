package dev.twin.runtime.lambda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.runtime.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Value: the parts of an API Gateway HTTP API (payload format 2.0) event the runtime uses, read
 * with the streaming parser. The events library would map the whole event by reflection, which
 * costs cold-start time for fields we never read.
 */
record ApiGatewayEvent(
        String method,
        String rawPath,
        String rawQueryString,
        Map<String, String> headers,
        Map<String, String> queryStringParameters,
        Map<String, String> pathParameters,
        List<String> cookies,
        String body,
        boolean base64Encoded,
        String requestId,
        String stage,
        String sourceIp,
        String domainName) {

    /**
     * Whether the event came through a Lambda function URL ({@code
     * <id>.lambda-url.<region>.on.aws}), whose response, in {@code RESPONSE_STREAM} mode, is the
     * raw body rather than a JSON envelope.
     */
    boolean viaFunctionUrl() {
        return domainName != null && domainName.contains(".lambda-url.");
    }

    /** Thrown when the input is not an HTTP API v2 event (e.g. a test invoke with {@code {}}). */
    static final class NotAnHttpEventException extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnHttpEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static ApiGatewayEvent read(InputStream in) throws NotAnHttpEventException {
        String method = null;
        String rawPath = null;
        String rawQuery = null;
        Map<String, String> headers = Map.of();
        Map<String, String> query = Map.of();
        Map<String, String> pathParams = Map.of();
        List<String> cookies = List.of();
        String body = null;
        boolean base64 = false;
        String requestId = null;
        String stage = null;
        String sourceIp = null;
        String domainName = null;
        try (JsonParser p = Json.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnHttpEventException("the event is not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "rawPath" -> rawPath = text(p, t);
                    case "rawQueryString" -> rawQuery = text(p, t);
                    case "headers" -> headers = stringMap(p, t);
                    case "queryStringParameters" -> query = stringMap(p, t);
                    case "pathParameters" -> pathParams = stringMap(p, t);
                    case "cookies" -> cookies = stringList(p, t);
                    case "body" -> body = text(p, t);
                    case "isBase64Encoded" -> base64 = t == JsonToken.VALUE_TRUE;
                    case "requestContext" -> {
                        if (t != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            continue;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String rc = p.currentName();
                            JsonToken v = p.nextToken();
                            switch (rc) {
                                case "requestId" -> requestId = text(p, v);
                                case "stage" -> stage = text(p, v);
                                case "domainName" -> domainName = text(p, v);
                                case "http" -> {
                                    if (v != JsonToken.START_OBJECT) {
                                        p.skipChildren();
                                        continue;
                                    }
                                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                                        String h = p.currentName();
                                        JsonToken hv = p.nextToken();
                                        if (h.equals("method")) {
                                            method = text(p, hv);
                                        } else if (h.equals("sourceIp")) {
                                            sourceIp = text(p, hv);
                                        } else {
                                            p.skipChildren();
                                        }
                                    }
                                }
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new NotAnHttpEventException("the event is not valid JSON", e);
        }
        if (method == null || rawPath == null) {
            throw new NotAnHttpEventException(
                    "the event has no requestContext.http.method or rawPath;"
                            + " this function expects API Gateway HTTP API payload format 2.0",
                    null);
        }
        return new ApiGatewayEvent(
                method,
                rawPath,
                rawQuery,
                headers,
                query,
                pathParams,
                cookies,
                body,
                base64,
                requestId,
                stage,
                sourceIp,
                domainName);
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static Map<String, String> stringMap(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            String v = text(p, p.nextToken());
            if (v != null) {
                out.put(k, v);
            }
        }
        return out;
    }

    private static List<String> stringList(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String v = text(p, p.currentToken());
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
