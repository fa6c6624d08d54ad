package dev.twin.maven;

import dev.twin.maven.core.TwinLog;
import org.apache.maven.plugin.logging.Log;

/** Adapter: the core's log port onto the Maven log. */
final class MavenTwinLog implements TwinLog {

    private final Log log;

    MavenTwinLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }
}
