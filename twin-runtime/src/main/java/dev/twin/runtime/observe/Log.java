package dev.twin.runtime.observe;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Minimal structured logger: one JSON object per line on stdout (what Lambda ships to CloudWatch).
 * A logging framework would cost cold-start time for nothing we need. Callers never pass message
 * text, persona text or secrets.
 */
public final class Log {

    private static volatile PrintStream out = System.out;

    private Log() {}

    /** Warnings that an operator should see, e.g. a persona reload that failed. */
    public static void warn(String event, String detail) {
        line("WARN", event, detail);
    }

    /**
     * Bugs: the operator needs the where, so a few stack frames are included (never sent to
     * visitors).
     */
    public static void error(String event, String detail, Throwable t) {
        StringBuilder d = new StringBuilder(detail);
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(8, frames.length); i++) {
            d.append(" | at ").append(frames[i]);
        }
        line("ERROR", event, d.toString());
    }

    public static void info(String event, String detail) {
        line("INFO", event, detail);
    }

    /**
     * One line per retry, written just before the retried attempt is sent, so an operator sees
     * every extra call a turn made and why: {@code {"level":"WARN","event":"retry","service":"S3",
     * "operation":"PutObject","attempt":2,"maxAttempts":2,"cause":"500
     * InternalError","delayMs":41}}.
     *
     * @param attempt the attempt about to be made (2 for the first retry)
     * @param cause the previous attempt's failure: a status and error code, or an exception class
     *     and its message; never a secret (callers pass SDK or HTTP error summaries only)
     */
    public static void retry(
            String service,
            String operation,
            int attempt,
            int maxAttempts,
            String cause,
            long delayMs) {
        StringBuilder b = new StringBuilder(192 + cause.length());
        b.append("{\"time\":\"")
                .append(Instant.now())
                .append("\",\"level\":\"WARN\",\"event\":\"retry\",\"service\":");
        JsonText.quote(b, service);
        b.append(",\"operation\":");
        JsonText.quote(b, operation);
        b.append(",\"attempt\":")
                .append(attempt)
                .append(",\"maxAttempts\":")
                .append(maxAttempts)
                .append(",\"cause\":");
        JsonText.quote(b, cause);
        b.append(",\"delayMs\":").append(delayMs).append('}');
        out.println(b);
    }

    /** Writes a pre-built JSON line (the request log / EMF line). */
    public static void raw(String jsonLine) {
        out.println(jsonLine);
    }

    /** For tests and priming: where lines go. */
    public static PrintStream redirect(PrintStream target) {
        PrintStream old = out;
        out = target;
        return old;
    }

    private static void line(String level, String event, String detail) {
        StringBuilder b = new StringBuilder(96 + detail.length());
        b.append("{\"time\":\"")
                .append(Instant.now())
                .append("\",\"level\":\"")
                .append(level)
                .append("\",\"event\":");
        JsonText.quote(b, event);
        b.append(",\"detail\":");
        JsonText.quote(b, detail);
        b.append('}');
        out.println(b);
    }
}
