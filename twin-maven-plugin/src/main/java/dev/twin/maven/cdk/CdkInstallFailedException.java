package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import java.nio.file.Path;

/** {@code npm install aws-cdk@<version>} failed (no network, a proxy, a full disk). */
public final class CdkInstallFailedException extends TwinException {

    private final Path cacheDir;

    public CdkInstallFailedException(String version, Path cacheDir, String lastOutput) {
        super(
                "Installing the CDK CLI aws-cdk@"
                        + version
                        + " into "
                        + cacheDir
                        + " failed: "
                        + lastOutput
                        + " — check network access to the npm registry (npm config get registry), or install it yourself with "
                        + "`npm install --prefix "
                        + cacheDir
                        + " aws-cdk@"
                        + version
                        + "`");
        this.cacheDir = cacheDir;
    }

    public Path cacheDir() {
        return cacheDir;
    }
}
