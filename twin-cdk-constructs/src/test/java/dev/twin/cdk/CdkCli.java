package dev.twin.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real CDK CLI (npm {@code aws-cdk}, pinned by the parent POM's {@code aws-cdk-cli.version}),
 * installed once into {@code ~/.cache/twin/aws-cdk/<version>} with {@code npm install --prefix}
 * (never globally).
 */
final class CdkCli {

    static final String VERSION = pinnedVersion();

    /**
     * Surefire passes the parent POM's {@code aws-cdk-cli.version}: the one place it is written.
     */
    private static String pinnedVersion() {
        String version = System.getProperty("twin.cdkCliVersion");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(
                    "twin.cdkCliVersion is not set: run this test through Maven, which passes the"
                            + " parent POM's aws-cdk-cli.version (or add -Dtwin.cdkCliVersion=<version>)");
        }
        return version;
    }

    private CdkCli() {}

    /** The cdk executable, installing it first when absent. */
    static synchronized Path executable() throws IOException, InterruptedException {
        Path prefix =
                Path.of(System.getProperty("user.home"), ".cache", "twin", "aws-cdk", VERSION);
        Path cdk = prefix.resolve("node_modules").resolve(".bin").resolve("cdk");
        Path pkg = prefix.resolve("node_modules").resolve("aws-cdk").resolve("package.json");
        if (Files.isExecutable(cdk)
                && Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
            return cdk;
        }
        Files.createDirectories(prefix);
        Result install =
                run(
                        prefix,
                        List.of(
                                "npm",
                                "install",
                                "--prefix",
                                prefix.toString(),
                                "aws-cdk@" + VERSION,
                                "--no-audit",
                                "--no-fund",
                                "--loglevel=error"),
                        600);
        if (install.exitCode() != 0 || !Files.isExecutable(cdk)) {
            throw new IllegalStateException(
                    "npm install aws-cdk@" + VERSION + " failed: " + install.output());
        }
        return cdk;
    }

    /** Output and exit code of one CLI run. */
    record Result(int exitCode, String output) {}

    /** Runs {@code cdk <args>} without notices, telemetry or version checks. */
    static Result cdk(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(args);
        command.add("--no-notices");
        return run(workDir, command, 300);
    }

    private static Result run(Path workDir, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        pb.environment().put("CDK_DISABLE_VERSION_CHECK", "true");
        pb.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        pb.environment().put("CI", "true");
        Process process = pb.start();
        byte[] out;
        try (var in = process.getInputStream()) {
            out = in.readAllBytes();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
