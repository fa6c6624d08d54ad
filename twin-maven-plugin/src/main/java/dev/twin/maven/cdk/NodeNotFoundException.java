package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;

/** Node.js/npm is not on the PATH; the CDK CLI (and aws-cdk-lib's jsii runtime) need it. */
public final class NodeNotFoundException extends TwinException {

    private final String command;

    public NodeNotFoundException(String command) {
        super(
                "`"
                        + command
                        + "` was not found on the PATH — install Node.js 20 or newer (it brings npm); "
                        + "the CDK CLI and aws-cdk-lib both run on it");
        this.command = command;
    }

    public String command() {
        return command;
    }
}
