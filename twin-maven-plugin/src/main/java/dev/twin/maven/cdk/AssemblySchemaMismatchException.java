package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/** The assembly was written by an aws-cdk-lib newer than the pinned CLI can read. */
public final class AssemblySchemaMismatchException extends TwinException implements UserMistake {

    private final String assemblyVersion;
    private final int supportedRevision;

    public AssemblySchemaMismatchException(
            String assemblyVersion, int supportedRevision, String cliVersion) {
        super(
                "The cloud assembly has schema version "
                        + assemblyVersion
                        + " but the CDK CLI aws-cdk@"
                        + cliVersion
                        + " reads at most "
                        + supportedRevision
                        + ".x — use the aws-cdk-lib version this plugin was built with, "
                        + "or a newer twin-maven-plugin");
        this.assemblyVersion = assemblyVersion;
        this.supportedRevision = supportedRevision;
    }

    public String assemblyVersion() {
        return assemblyVersion;
    }

    public int supportedRevision() {
        return supportedRevision;
    }
}
