package dev.twin.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Value: a response from {@link Routes}; header names are lower case. */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        Objects.requireNonNull(headers, "headers");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    static HttpResponse json(int status, byte[] body, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json; charset=utf-8");
        h.put("cache-control", "no-store");
        h.put("x-content-type-options", "nosniff");
        h.putAll(extra);
        return new HttpResponse(status, h, body);
    }

    /** The body as UTF-8 text (tests and logs of non-sensitive bodies). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A copy with one more header. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponse(status, h, body);
    }
}
