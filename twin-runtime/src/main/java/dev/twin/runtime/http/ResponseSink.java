package dev.twin.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a front lets {@link Routes#stream} write a response as it is produced. */
public interface ResponseSink {

    /** Sends the status and headers (names lower case); called once, before any {@link #write}. */
    void start(int status, Map<String, String> headers) throws IOException;

    /** Sends the next bytes of the body and pushes them to the client now (no buffering). */
    void write(byte[] bytes) throws IOException;

    /** Collects a streamed response into one {@link HttpResponse}, for fronts that buffer. */
    final class Buffer implements ResponseSink {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status = 500;
        private Map<String, String> headers = Map.of();

        @Override
        public void start(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = new LinkedHashMap<>(headers);
        }

        @Override
        public void write(byte[] bytes) {
            body.writeBytes(bytes);
        }

        /** What was written, as one response. */
        public HttpResponse response() {
            return new HttpResponse(status, headers, body.toByteArray());
        }
    }
}
