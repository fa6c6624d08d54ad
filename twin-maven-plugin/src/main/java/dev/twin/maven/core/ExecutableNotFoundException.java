package dev.twin.maven.core;

/** A program the goal runs (node, npm, java) could not be started. */
public final class ExecutableNotFoundException extends TwinException {

    private final String executable;

    public ExecutableNotFoundException(String executable, String reason) {
        super(
                "Cannot start "
                        + executable
                        + " ("
                        + reason
                        + ") — check that it is installed and on the PATH");
        this.executable = executable;
    }

    public String executable() {
        return executable;
    }
}
