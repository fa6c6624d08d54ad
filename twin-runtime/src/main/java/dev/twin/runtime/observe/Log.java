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

  /** Bugs: the operator needs the where, so a few stack frames are included (never sent to visitors). */
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
    b.append("{\"time\":\"").append(Instant.now()).append("\",\"level\":\"").append(level)
        .append("\",\"event\":");
    JsonText.quote(b, event);
    b.append(",\"detail\":");
    JsonText.quote(b, detail);
    b.append('}');
    out.println(b);
  }
}
