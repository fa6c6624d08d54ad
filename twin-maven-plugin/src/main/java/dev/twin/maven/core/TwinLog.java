package dev.twin.maven.core;

import java.util.Collection;

/** Outgoing port: where the core reports progress (the Maven log in goals, stdout in tools). */
public interface TwinLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A log that prints info and warnings to stdout/stderr (benchmarks, tests). */
    static TwinLog console() {
        return new TwinLog() {
            @Override
            public void info(String message) {
                System.out.println("[twin] " + message);
            }

            @Override
            public void warn(String message) {
                System.err.println("[twin] WARN " + message);
            }

            @Override
            public void debug(String message) {
                // quiet by default
            }
        };
    }

    /** A log that appends info and warnings to {@code lines} (tests read what a run reported). */
    static TwinLog into(Collection<String> lines) {
        return new TwinLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }

            @Override
            public void debug(String message) {}
        };
    }

    /** A log that drops everything. */
    static TwinLog silent() {
        return new TwinLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void debug(String message) {}
        };
    }
}
