package dev.twin.maven;

import dev.twin.maven.cdk.CdkCli;
import dev.twin.maven.core.TwinLog;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.execution.MavenSession;

/** The CDK CLI as the goals configure it: cache, version, Maven's offline mode, profile, region. */
final class CdkCliFactory {

    private CdkCliFactory() {}

    static CdkCli create(
            File cacheDir,
            String version,
            MavenSession session,
            String profile,
            String region,
            TwinLog log) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (profile != null && !profile.isBlank()) {
            environment.put("AWS_PROFILE", profile.strip());
        }
        if (region != null && !region.isBlank()) {
            environment.put("AWS_REGION", region.strip());
            environment.put("AWS_DEFAULT_REGION", region.strip());
        }
        Path cache = cacheDir == null ? CdkCli.defaultCacheRoot() : cacheDir.toPath();
        boolean offline = session != null && session.isOffline();
        return new CdkCli(cache, version, offline, environment, log);
    }
}
