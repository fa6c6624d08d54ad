package dev.twin.runtime.lambda;

import dev.twin.runtime.http.ResponseSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a streamed answer to a function URL in {@code RESPONSE_STREAM} mode. The Java managed
 * runtime sends a {@code RequestStreamHandler}'s output as the body with status 200 and no headers
 * of ours (docs/streaming.md), so an answer that is not an event stream (a JSON error before the
 * first event) goes out as one {@code error} event whose data is that same JSON: the page reads a
 * single format from this door.
 */
final class FunctionUrlSink implements ResponseSink {

    private final OutputStream out;
    private boolean wrapAsError;
    private boolean noBody;

    FunctionUrlSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void start(int status, Map<String, String> headers) {
        String type = headers.getOrDefault("content-type", "");
        noBody = status == 204;
        wrapAsError = !type.startsWith("text/event-stream");
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (noBody) {
            return;
        }
        if (wrapAsError) {
            out.write("event: error\ndata: ".getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(bytes);
        }
        out.flush();
    }
}
