package dev.twin.runtime.adapter.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.runtime.json.Json;
import dev.twin.runtime.json.JsonTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** A Converse {@code toolUse.input} document as JSON text (the tools read JSON, as from OpenAI). */
final class DocumentJson {

    private DocumentJson() {}

    static String write(Document d) {
        if (d == null) {
            return "{}";
        }
        return new String(Json.write(128, g -> write(g, d)), StandardCharsets.UTF_8);
    }

    static void write(JsonGenerator g, Document d) throws IOException {
        if (d == null || d.isNull()) {
            g.writeNull();
        } else if (d.isString()) {
            g.writeString(d.asString());
        } else if (d.isNumber()) {
            g.writeNumber(d.asNumber().stringValue());
        } else if (d.isBoolean()) {
            g.writeBoolean(d.asBoolean());
        } else if (d.isList()) {
            g.writeStartArray();
            for (Document item : d.asList()) {
                write(g, item);
            }
            g.writeEndArray();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    /**
     * The object a streamed {@code toolUse.input} spells out (its fragments joined); blank means no
     * arguments.
     *
     * @throws IOException when the text is not one JSON object
     */
    static Document readObject(String json) throws IOException {
        if (json.isBlank()) {
            return Document.fromMap(Map.of());
        }
        Object tree = JsonTree.parse(json.getBytes(StandardCharsets.UTF_8));
        if (!(tree instanceof Map<?, ?>)) {
            throw new IOException("not a JSON object");
        }
        return of(tree);
    }

    private static Document of(Object node) {
        if (node == null) {
            return Document.fromNull();
        }
        if (node instanceof String s) {
            return Document.fromString(s);
        }
        if (node instanceof Boolean b) {
            return Document.fromBoolean(b);
        }
        if (node instanceof Number n) {
            return Document.fromNumber(n.toString());
        }
        if (node instanceof List<?> list) {
            List<Document> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(of(item));
            }
            return Document.fromList(items);
        }
        Map<String, Document> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
            fields.put(String.valueOf(e.getKey()), of(e.getValue()));
        }
        return Document.fromMap(fields);
    }
}
