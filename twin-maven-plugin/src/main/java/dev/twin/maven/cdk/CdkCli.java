package dev.twin.maven.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.NoCredentialsException;
import dev.twin.maven.core.Processes;
import dev.twin.maven.core.TwinLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The official CDK CLI (npm {@code aws-cdk}, version pinned here), installed once into a per-user
 * cache and run against the synthesized assembly. Its output streams into the log; its failures
 * become typed errors.
 */
public final class CdkCli {

    /** The one place the CLI version is pinned; it must read the schema that aws-cdk-lib writes. */
    public static final String VERSION = "2.1148.1";

    private static final Pattern SCHEMA_REVISION =
            Pattern.compile(
                    "cloud-assembly-schema/schema/version\\.json[\\s\\S]{0,600}?revision:\\s*(\\d+)");
    private static final String REVISION_CACHE = "twin-schema-revision.txt";

    private final Path cacheRoot;
    private final Map<String, String> environment;
    private final TwinLog log;

    /**
     * @param cacheRoot where versions are installed ({@link #defaultCacheRoot()})
     * @param environment extra environment for the CLI (AWS_PROFILE, AWS_REGION...)
     */
    public CdkCli(Path cacheRoot, Map<String, String> environment, TwinLog log) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot);
        this.environment = Map.copyOf(environment);
        this.log = Objects.requireNonNull(log);
    }

    /** {@code $XDG_CACHE_HOME/twin/aws-cdk}, else {@code ~/.cache/twin/aws-cdk}. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("twin").resolve("aws-cdk");
    }

    public Path installDir() {
        return cacheRoot.resolve(VERSION);
    }

    private Path entryPoint(Path dir) {
        return dir.resolve("node_modules").resolve("aws-cdk").resolve("bin").resolve("cdk");
    }

    /** Installs the pinned CLI unless the cache has it; returns its entry point. */
    public Path ensureInstalled() {
        Path dir = installDir();
        if (Files.isRegularFile(entryPoint(dir))) {
            return entryPoint(dir);
        }
        Path npm = Processes.onPath("npm").orElseThrow(() -> new NodeNotFoundException("npm"));
        log.info(
                "Installing the CDK CLI aws-cdk@"
                        + VERSION
                        + " into "
                        + dir
                        + " (once per machine)");
        Path staging;
        try {
            Files.createDirectories(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, VERSION + ".installing-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + cacheRoot, e);
        }
        // Install beside the final directory, then move it in one step: a parallel build or a
        // Ctrl-C never leaves
        // a half-installed CLI where the next build would trust it.
        Processes.Outcome outcome =
                Processes.run(
                        List.of(
                                npm.toString(),
                                "install",
                                "--prefix",
                                staging.toString(),
                                "--no-audit",
                                "--no-fund",
                                "--no-save",
                                "--loglevel=error",
                                "aws-cdk@" + VERSION),
                        null,
                        Map.of(),
                        log);
        if (outcome.exitCode() != 0 || !Files.isRegularFile(entryPoint(staging))) {
            deleteTree(staging);
            throw new CdkInstallFailedException(VERSION, dir, lastMeaningfulLine(outcome.tail()));
        }
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(staging); // another build installed it meanwhile
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("Cannot move the CLI into " + dir, e);
        } catch (IOException e) {
            deleteTree(staging);
            if (!Files.isRegularFile(entryPoint(dir))) {
                throw new UncheckedIOException("Cannot move the CLI into " + dir, e);
            }
        }
        return entryPoint(dir);
    }

    /** The highest cloud assembly schema major version the installed CLI reads. */
    public int supportedSchemaRevision() {
        ensureInstalled();
        Path cached = installDir().resolve(REVISION_CACHE);
        try {
            if (Files.isRegularFile(cached)) {
                return Integer.parseInt(Files.readString(cached).strip());
            }
            Path bundle = installDir().resolve("node_modules/aws-cdk/lib/index.js");
            String source = Files.readString(bundle, StandardCharsets.UTF_8);
            Matcher m = SCHEMA_REVISION.matcher(source);
            if (!m.find()) {
                throw new IllegalStateException(
                        "Cannot find the supported schema version in " + bundle);
            }
            int revision = Integer.parseInt(m.group(1));
            Files.writeString(cached, revision + "\n");
            return revision;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CDK CLI in " + installDir(), e);
        }
    }

    /** The {@code version} of {@code <cdkOut>/manifest.json}, e.g. {@code 54.0.0}. */
    public static String assemblySchemaVersion(Path cdkOut) {
        Path manifest = cdkOut.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new AssemblyMissingException(cdkOut);
        }
        try {
            JsonNode version = Json.MAPPER.readTree(manifest.toFile()).get("version");
            if (version == null || !version.isTextual()) {
                throw new AssemblyMissingException(cdkOut);
            }
            return version.asText();
        } catch (IOException e) {
            throw new AssemblyMissingException(cdkOut);
        }
    }

    /** Fails before any CLI command runs when the assembly is newer than the pinned CLI reads. */
    public void checkAssembly(Path cdkOut) {
        String version = assemblySchemaVersion(cdkOut);
        int major;
        try {
            major = Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new AssemblySchemaMismatchException(version, supportedSchemaRevision(), VERSION);
        }
        int supported = supportedSchemaRevision();
        if (major > supported) {
            throw new AssemblySchemaMismatchException(version, supported, VERSION);
        }
        log.debug("Cloud assembly schema " + version + " (CLI reads up to " + supported + ".x)");
    }

    /**
     * Runs {@code cdk <command> <args> --no-notices} (after checking the assembly when {@code
     * --app} names one), streaming the output; a failure becomes the most specific exception its
     * output allows.
     */
    public void run(String command, List<String> args) {
        Path cli = ensureInstalled();
        Path node = Processes.onPath("node").orElseThrow(() -> new NodeNotFoundException("node"));
        int app = args.indexOf("--app");
        if (app >= 0 && app + 1 < args.size()) {
            checkAssembly(Path.of(args.get(app + 1)));
        }
        List<String> line = new ArrayList<>(List.of(node.toString(), cli.toString(), command));
        line.addAll(args);
        line.add("--no-notices");
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putIfAbsent("CDK_DISABLE_VERSION_CHECK", "1");
        env.putIfAbsent("FORCE_COLOR", "0");
        env.putIfAbsent("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "1");
        log.info("cdk " + command + " " + String.join(" ", args));
        Processes.Outcome outcome = Processes.run(line, null, env, log);
        if (outcome.exitCode() != 0) {
            throw classify(command, outcome.exitCode(), outcome.tail());
        }
    }

    /** Maps the CLI's failure output to the error that tells the user what to do. */
    static RuntimeException classify(String command, int exitCode, List<String> tail) {
        String all = String.join("\n", tail);
        String lower = all.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("has the environment been bootstrapped")
                || lower.contains("cdk-bootstrap/")
                || lower.contains("is not bootstrapped")
                || lower.contains("run 'cdk bootstrap'")) {
            return new NotBootstrappedException(lastMeaningfulLine(tail));
        }
        if (lower.contains("unable to resolve aws account")
                || lower.contains("no credentials have been configured")
                || lower.contains("could not load credentials")
                || lower.contains("need to perform aws calls for account")
                || lower.contains("unable to load credentials")) {
            return new NoCredentialsException(null, lastMeaningfulLine(tail));
        }
        String hint = null;
        if (lower.contains("termination protection")) {
            hint =
                    "the stack has termination protection (prod); turn it off in the CloudFormation console first";
        } else if (lower.contains("accessdenied") || lower.contains("not authorized")) {
            hint = "the AWS identity in use lacks permission; check -Dtwin.profile / AWS_PROFILE";
        } else if (lower.contains("expiredtoken") || lower.contains("token has expired")) {
            hint = "your AWS session expired; log in again (aws sso login)";
        }
        return new CdkCommandFailedException(command, exitCode, lastMeaningfulLine(tail), hint);
    }

    private static String lastMeaningfulLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            String line = tail.get(i).strip();
            if (!line.isEmpty()
                    && !line.startsWith("at ")
                    && !line.startsWith("npm ERR! A complete log")) {
                return line.length() > 300 ? line.substring(0, 300) + "…" : line;
            }
        }
        return "";
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp dir in the cache is harmless
        }
    }
}
