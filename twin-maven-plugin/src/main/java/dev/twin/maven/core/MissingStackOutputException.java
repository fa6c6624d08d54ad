package dev.twin.maven.core;

/** The stack has no output of the given name (an older stack, or a custom CDK app without it). */
public final class MissingStackOutputException extends TwinException implements UserMistake {

    private final String stackName;
    private final String outputKey;

    public MissingStackOutputException(String stackName, String outputKey) {
        super(
                "Stack "
                        + stackName
                        + " has no output '"
                        + outputKey
                        + "' — redeploy with `mvn twin:deploy` "
                        + "(a custom CDK app must export "
                        + outputKey
                        + ")");
        this.stackName = stackName;
        this.outputKey = outputKey;
    }

    public String stackName() {
        return stackName;
    }

    public String outputKey() {
        return outputKey;
    }
}
