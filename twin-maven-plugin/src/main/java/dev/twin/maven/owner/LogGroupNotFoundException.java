package dev.twin.maven.owner;

import dev.twin.maven.core.TwinException;

/** The stack's log group does not exist (yet). */
public final class LogGroupNotFoundException extends TwinException {

    public LogGroupNotFoundException(String logGroup) {
        super(
                "Log group "
                        + logGroup
                        + " does not exist — deploy first (`mvn twin:deploy`), or delete target/twin/<env>/outputs.json if it is stale");
    }
}
