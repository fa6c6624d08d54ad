package dev.twin.runtime.adapter.bedrock;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twin.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private static void write(JsonGenerator g, Document d) throws IOException {
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
}
