package dev.twin.runtime.injection;

import dev.twin.runtime.observe.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures the runtime's log lines while open (tests run one at a time in this module). */
final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream old;

    LogCapture() {
        old = Log.redirect(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The {@code reply_withheld} lines. */
    List<String> withheld() {
        return lines().stream().filter(l -> l.contains("\"event\":\"reply_withheld\"")).toList();
    }

    @Override
    public void close() {
        Log.redirect(old);
    }
}
