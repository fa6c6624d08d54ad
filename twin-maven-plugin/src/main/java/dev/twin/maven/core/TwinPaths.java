package dev.twin.maven.core;

import dev.twin.contract.TwinEnvironment;
import java.nio.file.Path;
import java.util.Objects;

/** Where the plugin keeps its files under the build directory ({@code target/}). */
public record TwinPaths(Path buildDir, TwinEnvironment env) {

    public TwinPaths {
        Objects.requireNonNull(buildDir, "buildDir");
        Objects.requireNonNull(env, "env");
    }

    /** {@code target/twin/<env>}. */
    public Path envDir() {
        return buildDir.resolve("twin").resolve(env.id());
    }

    /** {@code target/twin/<env>/outputs.json}, as written by {@code cdk deploy --outputs-file}. */
    public Path outputsFile() {
        return envDir().resolve("outputs.json");
    }

    /** {@code target/twin/<env>/last-publish.json}: the paths the last publish changed. */
    public Path lastPublishFile() {
        return envDir().resolve("last-publish.json");
    }

    /** {@code target/cdk.out}: the cloud assembly. */
    public Path cdkOut() {
        return buildDir.resolve("cdk.out");
    }

    /** {@code target/twin/local}: state of {@code twin:run}. */
    public Path localDir() {
        return buildDir.resolve("twin").resolve("local");
    }
}
