package dev.twin.maven.core;

import dev.twin.contract.TwinEnvironment;

/** Neither an outputs file nor a CloudFormation stack exists for this twin and environment. */
public final class StackNotDeployedException extends TwinException implements UserMistake {

    private final String stackName;

    public StackNotDeployedException(String stackName, TwinEnvironment env) {
        super(
                "Stack "
                        + stackName
                        + " is not deployed (no outputs file and no such CloudFormation stack) — run "
                        + "`mvn twin:deploy -Dtwin.env="
                        + env.id()
                        + "` first");
        this.stackName = stackName;
    }

    public String stackName() {
        return stackName;
    }
}
