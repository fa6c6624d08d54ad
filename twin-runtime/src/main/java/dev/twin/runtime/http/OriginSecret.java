package dev.twin.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Value: the origin-lock header values accepted now: {@code current}, and {@code previous} during a
 * rotation (blank when there is none). Stored as JSON {@code {"current","previous"}}; {@code
 * toString} never shows them.
 */
public record OriginSecret(String current, String previous) {

    /** Shorter values are guessable; the constructs generate 48 characters. */
    public static final int MIN_LENGTH = 16;

    public OriginSecret {
        if (current == null || current.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "the origin secret's \"current\" value is missing or shorter than "
                            + MIN_LENGTH
                            + " characters; store {\"current\": \"<random>\", \"previous\": \"\"}");
        }
        current = current.strip();
        previous = previous == null || previous.isBlank() ? null : previous.strip();
    }

    /**
     * Reads {@code {"current": "...", "previous": "..."}}.
     *
     * @throws IllegalArgumentException naming what is wrong (never the values)
     */
    public static OriginSecret parse(String json) {
        String current = null;
        String previous = null;
        try (JsonParser p = Json.parser(json.getBytes(StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(
                        "the origin secret is not a JSON object; store {\"current\": \"<random>\","
                                + " \"previous\": \"\"}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("current") && v == JsonToken.VALUE_STRING) {
                    current = p.getText();
                } else if (field.equals("previous") && v == JsonToken.VALUE_STRING) {
                    previous = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the origin secret is not valid JSON; store {\"current\": \"<random>\","
                            + " \"previous\": \"\"}");
        }
        return new OriginSecret(current, previous);
    }

    @Override
    public String toString() {
        return "OriginSecret[current=***, previous=" + (previous == null ? "none" : "***") + "]";
    }
}
