package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;

/** The project's own CDK app exited non-zero or wrote no assembly. */
public final class SynthFailedException extends TwinException {

    private final String appClass;

    public SynthFailedException(String appClass, String detail) {
        super(
                "Synthesizing with the CDK app "
                        + appClass
                        + " failed: "
                        + detail
                        + " — run the app's main class yourself to see the full error, or remove <appClass> to use the default stack");
        this.appClass = appClass;
    }

    public String appClass() {
        return appClass;
    }
}
