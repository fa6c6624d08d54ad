package dev.twin.runtime.limit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.contract.MemoryBucketLayout;
import dev.twin.runtime.json.Json;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Value: one UTC day of the shared model budget, as stored at {@code budget/{yyyy-mm-dd}.json}:
 * model calls leased to processes so far and tokens they reported.
 */
public record BudgetDay(LocalDate day, long calls, long tokens) {

    /** Where a day's record lives, relative to the memory bucket or directory. */
    public static final String PREFIX = MemoryBucketLayout.BUDGET_PREFIX;

    public BudgetDay {
        Objects.requireNonNull(day, "day");
        if (calls < 0 || tokens < 0) {
            throw new IllegalArgumentException(
                    "a budget day cannot hold negative counts: calls "
                            + calls
                            + ", tokens "
                            + tokens);
        }
    }

    /** A day nothing has been spent on yet. */
    public static BudgetDay empty(LocalDate day) {
        return new BudgetDay(day, 0, 0);
    }

    /** The key (or relative path) of a day's record: {@code budget/2026-12-06.json}. */
    public static String key(LocalDate day) {
        return PREFIX + day + ".json";
    }

    public byte[] encode() {
        return Json.write(
                96,
                g -> {
                    g.writeStartObject();
                    g.writeStringField("day", day.toString());
                    g.writeNumberField("calls", calls);
                    g.writeNumberField("tokens", tokens);
                    g.writeEndObject();
                });
    }

    /**
     * Reads a stored record of {@code day}.
     *
     * @throws IllegalArgumentException when the bytes are not such a record (the message says which
     *     field)
     */
    public static BudgetDay decode(byte[] bytes, LocalDate day) {
        String stored = null;
        long calls = -1;
        long tokens = -1;
        try (JsonParser p = Json.parser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("day") && v == JsonToken.VALUE_STRING) {
                    stored = p.getText();
                } else if (field.equals("calls") && v == JsonToken.VALUE_NUMBER_INT) {
                    calls = p.getLongValue();
                } else if (field.equals("tokens") && v == JsonToken.VALUE_NUMBER_INT) {
                    tokens = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        if (calls < 0 || tokens < 0) {
            throw new IllegalArgumentException("\"calls\" or \"tokens\" missing or negative");
        }
        try {
            if (stored == null || !LocalDate.parse(stored).equals(day)) {
                throw new IllegalArgumentException("\"day\" is " + stored + ", not " + day);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"day\" is not a date: " + stored);
        }
        return new BudgetDay(day, calls, tokens);
    }
}
