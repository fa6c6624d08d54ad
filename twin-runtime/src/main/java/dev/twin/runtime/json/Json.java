package dev.twin.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Shared streaming JSON factory. The runtime uses jackson-core only (no databind) because streaming
 * parsers load a handful of classes, which keeps cold start and SnapStart restore short.
 */
public final class Json {

    /** Thread-safe and reusable; parsers and generators are created per call. */
    public static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // a conversation is capped at 1 MB by default; allow headroom but not unbounded
                    // input
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxStringLength(16 * 1024 * 1024)
                                    .maxNestingDepth(64)
                                    .build())
                    .build();

    private Json() {}

    public static JsonParser parser(byte[] bytes) throws IOException {
        return FACTORY.createParser(bytes);
    }

    /** Writes one JSON value with {@code body} and returns the UTF-8 bytes. */
    public static byte[] write(int sizeHint, Writer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, sizeHint));
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            // writing to memory cannot fail for I/O reasons; anything here is a bug
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Callback that writes a value with a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }
}
