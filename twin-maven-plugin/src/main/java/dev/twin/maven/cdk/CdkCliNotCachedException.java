package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;
import java.nio.file.Path;
import java.util.List;

/** Maven runs offline and the CDK CLI of the wanted version is not in the cache. */
public final class CdkCliNotCachedException extends TwinException implements UserMistake {

    public CdkCliNotCachedException(String version, Path dir, List<String> cached) {
        super(
                "The CDK CLI aws-cdk@"
                        + version
                        + " is not in "
                        + dir
                        + " and Maven runs offline (-o), so it is not installed now — run the goal"
                        + " once without -o, or `npm install --prefix "
                        + dir
                        + " aws-cdk@"
                        + version
                        + "`"
                        + (cached.isEmpty()
                                ? ""
                                : ", or use a cached version with -Dtwin.cdkCliVersion= (cached: "
                                        + String.join(", ", cached)
                                        + ")"));
    }
}
