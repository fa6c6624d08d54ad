package dev.twin.runtime.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads model answers into plain maps and lists: the runtime has no databind. */
public final class JsonTree {

    private JsonTree() {}

    /**
     * A small tree (maps, lists, strings, numbers, booleans) from streaming Jackson: the runtime
     * has no databind.
     */
    public static Object parse(byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw new IOException("empty body");
        }
        try (JsonParser p = Json.parser(body)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty body");
            }
            Object v = value(p, t);
            if (p.nextToken() != null) {
                throw new IOException("data after the JSON value");
            }
            return v;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(value(p, next));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + t);
        }
    }
}
