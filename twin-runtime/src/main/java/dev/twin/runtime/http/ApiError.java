package dev.twin.runtime.http;

import dev.twin.runtime.json.Json;
import java.util.Map;
import java.util.Objects;

/**
 * Value: an error answer, {@code {"error": {"code", "message"}}}. The message is for people and
 * says what to do; it never carries a stack trace, an internal path or a secret.
 */
public record ApiError(int status, String code, String message) {

    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public HttpResponse toResponse(Map<String, String> extraHeaders) {
        byte[] body =
                Json.write(
                        64 + message.length(),
                        g -> {
                            g.writeStartObject();
                            g.writeObjectFieldStart("error");
                            g.writeStringField("code", code);
                            g.writeStringField("message", message);
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        return HttpResponse.json(status, body, extraHeaders);
    }
}
