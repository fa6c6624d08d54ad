package dev.twin.maven.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twin.maven.core.Json;
import dev.twin.maven.core.NoCredentialsException;
import dev.twin.maven.core.Processes;
import dev.twin.maven.core.TwinLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The official CDK CLI (npm {@code aws-cdk}, version pinned here), installed once into a per-user
 * cache and run against the synthesized assembly. Its output streams into the log; its failures
 * become typed errors.
 */
public final class CdkCli {

    /**
     * The CLI version, pinned once by the parent POM ({@code aws-cdk-cli.version}, filtered into
     * {@code cdk-cli.properties}); it must read the schema that aws-cdk-lib writes.
     */
    public static final String VERSION = pinnedVersion();

    /** The CLI's own words when an assembly is newer than it reads. */
    private static final Pattern SCHEMA_MISMATCH =
            Pattern.compile(
                    "Maximum schema version supported is (\\d+)\\.[\\dx]+\\.[\\dx]+, but found"
                            + " (\\d+\\.\\d+\\.\\d+)");

    private static final Pattern VALID_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[\\w.]+)?");

    private static String pinnedVersion() {
        try (InputStream in = CdkCli.class.getResourceAsStream("cdk-cli.properties")) {
            Properties pinned = new Properties();
            if (in != null) {
                pinned.load(in);
            }
            String version = pinned.getProperty("version", "");
            if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
                throw new IllegalStateException(
                        "twin-maven-plugin was built without its CDK CLI version (cdk-cli.properties: '"
                                + version
                                + "'); rebuild it with Maven");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read cdk-cli.properties", e);
        }
    }

    private final Path cacheRoot;
    private final String version;
    private final boolean offline;
    private final Map<String, String> environment;
    private final TwinLog log;

    /**
     * The default version, installed from npm when missing.
     *
     * @param cacheRoot where versions are installed ({@link #defaultCacheRoot()})
     * @param environment extra environment for the CLI (AWS_PROFILE, AWS_REGION...)
     */
    public CdkCli(Path cacheRoot, Map<String, String> environment, TwinLog log) {
        this(cacheRoot, VERSION, false, environment, log);
    }

    /**
     * @param version the npm {@code aws-cdk} version ({@code twin.cdkCliVersion})
     * @param offline Maven's {@code -o}: never runs npm; a missing CLI is an error saying how to
     *     get it
     */
    public CdkCli(
            Path cacheRoot,
            String version,
            boolean offline,
            Map<String, String> environment,
            TwinLog log) {
        this.cacheRoot = Objects.requireNonNull(cacheRoot);
        this.version = version == null || version.isBlank() ? VERSION : version.strip();
        if (!VALID_VERSION.matcher(this.version).matches()) {
            throw new InvalidStackConfigException(
                    "twin.cdkCliVersion must be an npm version such as "
                            + VERSION
                            + ", was '"
                            + this.version
                            + "'",
                    List.of("twin.cdkCliVersion=" + this.version));
        }
        this.offline = offline;
        this.environment = Map.copyOf(environment);
        this.log = Objects.requireNonNull(log);
    }

    public String version() {
        return version;
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
        return cacheRoot.resolve(version);
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
        if (offline) {
            throw new CdkCliNotCachedException(version, dir, cachedVersions());
        }
        Path npm = Processes.onPath("npm").orElseThrow(() -> new NodeNotFoundException("npm"));
        log.info(
                "Installing the CDK CLI aws-cdk@"
                        + version
                        + " into "
                        + dir
                        + " (once per machine)");
        Path staging;
        try {
            Files.createDirectories(cacheRoot);
            staging = Files.createTempDirectory(cacheRoot, version + ".installing-");
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
                                "aws-cdk@" + version),
                        null,
                        Map.of(),
                        log);
        if (outcome.exitCode() != 0 || !Files.isRegularFile(entryPoint(staging))) {
            deleteTree(staging);
            throw new CdkInstallFailedException(version, dir, lastMeaningfulLine(outcome.tail()));
        }
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
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

    /** The versions already in the cache (for the offline error). */
    List<String> cachedVersions() {
        if (!Files.isDirectory(cacheRoot)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(cacheRoot)) {
            return dirs.filter(d -> Files.isRegularFile(entryPoint(d)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
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

    /**
     * Fails before any CLI command runs when there is no assembly; whether the CLI reads its schema
     * is the CLI's own answer (see {@link #classify}).
     */
    public void checkAssembly(Path cdkOut) {
        String schema = assemblySchemaVersion(cdkOut);
        log.debug("Cloud assembly schema " + schema + " for aws-cdk@" + version);
    }

    /**
     * Runs {@code cdk <command> <args> --no-notices} (after checking the assembly when {@code
     * --app} names one), streaming the output; a failure becomes the most specific exception its
     * output allows.
     */
    public void run(String command, List<String> args) {
        run(false, command, args);
    }

    /**
     * As {@link #run(String, List)}; {@code interactive} hands the terminal's input to the CLI,
     * which may then ask a question (an approval) and read the answer.
     */
    public void run(boolean interactive, String command, List<String> args) {
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
        Processes.Outcome outcome = Processes.run(line, null, env, log, interactive);
        if (outcome.exitCode() != 0) {
            throw classify(command, outcome.exitCode(), outcome.tail(), version);
        }
    }

    /** Maps the CLI's failure output to the error that tells the user what to do. */
    static RuntimeException classify(String command, int exitCode, List<String> tail) {
        return classify(command, exitCode, tail, VERSION);
    }

    static RuntimeException classify(
            String command, int exitCode, List<String> tail, String cliVersion) {
        String all = String.join("\n", tail);
        String lower = all.toLowerCase(Locale.ROOT);
        Matcher schema = SCHEMA_MISMATCH.matcher(all);
        if (schema.find()) {
            return new AssemblySchemaMismatchException(
                    schema.group(2), Integer.parseInt(schema.group(1)), cliVersion);
        }
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
        return new CdkCommandFailedException(
                command,
                exitCode,
                lastMeaningfulLine(tail),
                hint,
                lower.contains("bucket you tried to delete is not empty"));
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
