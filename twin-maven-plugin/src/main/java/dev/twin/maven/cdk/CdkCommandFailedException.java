package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;

/** A CDK CLI command exited non-zero for a reason without a more specific exception. */
public final class CdkCommandFailedException extends TwinException {

    private final String command;
    private final int exitCode;

    private final boolean bucketNotEmpty;

    public CdkCommandFailedException(String command, int exitCode, String lastError, String hint) {
        this(command, exitCode, lastError, hint, false);
    }

    /**
     * @param bucketNotEmpty CloudFormation could not delete a bucket that objects arrived in
     */
    public CdkCommandFailedException(
            String command, int exitCode, String lastError, String hint, boolean bucketNotEmpty) {
        super(
                "`cdk "
                        + command
                        + "` failed (exit "
                        + exitCode
                        + ")"
                        + (lastError.isBlank() ? "" : ": " + lastError)
                        + (hint == null ? " — see the CDK output above" : " — " + hint));
        this.command = command;
        this.exitCode = exitCode;
        this.bucketNotEmpty = bucketNotEmpty;
    }

    public boolean bucketNotEmpty() {
        return bucketNotEmpty;
    }

    public String command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }
}
