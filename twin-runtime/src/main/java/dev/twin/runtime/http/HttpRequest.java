package dev.twin.runtime.http;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Value: a request as both fronts hand it to {@link Routes}: the raw (still percent-encoded) path
 * without the query, header names in lower case, the body bytes already bounded by the front, and
 * the client's address as the front could trust it ({@code null} when unknown; see {@link
 * dev.twin.runtime.limit.ClientAddress}).
 */
public record HttpRequest(
        String method,
        String rawPath,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String requestId,
        String clientAddress) {

    /** A request whose client address is unknown (it is then not rate-limited per address). */
    public HttpRequest(
            String method,
            String rawPath,
            Map<String, String> query,
            Map<String, String> headers,
            byte[] body,
            String requestId) {
        this(method, rawPath, query, headers, body, requestId, null);
    }

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(requestId, "requestId");
        query = query == null ? Map.of() : Map.copyOf(query);
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach(
                    (k, v) -> {
                        if (k != null && v != null) {
                            lower.put(k.toLowerCase(Locale.ROOT), v);
                        }
                    });
        }
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
    }

    /** A header by case-insensitive name, or {@code null}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
