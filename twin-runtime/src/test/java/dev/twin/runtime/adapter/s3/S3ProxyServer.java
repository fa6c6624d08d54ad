package dev.twin.runtime.adapter.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test fixture: a real s3proxy 4.1.0 (S3 REST API over an in-memory blob store) in its own JVM on a
 * loopback port, checking SigV4 signatures. Forked rather than in-process because its
 * jar-with-dependencies bundles another AWS SDK and Jackson that would clash with ours. One
 * instance per test JVM ({@link #shared()}), stopped by a shutdown hook.
 *
 * <p>What s3proxy 4.1.0 does with conditional PUTs (checked by hand and by these tests): it answers
 * {@code 412 PreconditionFailed} for {@code If-None-Match: *} on an existing key and for a stale
 * {@code If-Match}, so the store's logic runs against the real protocol. But its {@code If-Match}
 * is a check-then-write, not atomic: two PUTs with the same ETag sent at the same instant can both
 * succeed (real S3 lets exactly one win). {@link S3Gate} closes that gap for the concurrency test,
 * see there. It also answers an {@code aws-chunked} PUT before reading the last chunk and hangs up
 * on the writer; the runtime's S3 client sends whole bodies (see {@code S3Clients}), which is also
 * what it does against S3 over HTTPS.
 *
 * <p>{@code -Dtwin.s3proxy.provider} picks another jclouds blob store (default {@code
 * transient-nio2}).
 */
public final class S3ProxyServer implements AutoCloseable {

    /** Obviously fake keys: s3proxy checks the signature made with them. */
    public static final String ACCESS_KEY = "local-test-access-key";

    public static final String SECRET_KEY = "local-test-secret-key-not-a-real-one";
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    /**
     * Attempt timeout of the test clients: s3proxy answers in milliseconds, but on a 2-core machine
     * shared by several builds (load average 30 seen) a request can take seconds; the runtime's 1.5
     * s would turn that into spurious timeouts and retries. Tests OF timeouts set their own.
     */
    public static final Duration PATIENT = Duration.ofSeconds(5);

    private static S3ProxyServer shared;
    private static S3ProxyServer sharedWithoutAuthorization;

    private final Process process;
    private final URI endpoint;
    private final Path dir;
    private final Path log;

    private S3ProxyServer(Process process, URI endpoint, Path dir) {
        this.process = process;
        this.endpoint = endpoint;
        this.dir = dir;
        this.log = dir.resolve("s3proxy.log");
    }

    /** The JVM-wide instance, started on first use (about 1.5 s on an idle machine). */
    public static synchronized S3ProxyServer shared() throws IOException, InterruptedException {
        if (shared == null) {
            S3ProxyServer s = start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "s3proxy-stop"));
            shared = s;
        }
        return shared;
    }

    /**
     * A second JVM-wide instance that checks no signatures ({@code s3proxy.authorization=none}),
     * for tests that put a proxy in between: WireMock's proxy re-encodes the Content-Type parameter
     * ({@code charset=utf-8} becomes {@code charset=UTF-8}), which breaks the SigV4 signature.
     */
    public static synchronized S3ProxyServer sharedWithoutAuthorization()
            throws IOException, InterruptedException {
        if (sharedWithoutAuthorization == null) {
            S3ProxyServer s = start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "s3proxy-stop"));
            sharedWithoutAuthorization = s;
        }
        return sharedWithoutAuthorization;
    }

    /**
     * The jar the build copies next to the classes (maven-dependency-plugin,
     * process-test-resources).
     */
    static Path jar() {
        String configured = System.getProperty("twin.s3proxy.jar");
        Path jar =
                configured != null
                        ? Path.of(configured)
                        : Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "s3proxy jar not found at "
                            + jar.toAbsolutePath()
                            + "; run the tests through Maven (it copies org.gaul:s3proxy:jar-with-dependencies there)"
                            + " or set -Dtwin.s3proxy.jar");
        }
        return jar;
    }

    public static S3ProxyServer start() throws IOException, InterruptedException {
        return start(true);
    }

    static S3ProxyServer start(boolean checkSignatures) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path dir = Files.createTempDirectory("twin-s3proxy");
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "s3proxy.endpoint=" + endpoint,
                        checkSignatures
                                ? "s3proxy.authorization=aws-v2-or-v4"
                                : "s3proxy.authorization=none",
                        checkSignatures ? "s3proxy.identity=" + ACCESS_KEY : "",
                        checkSignatures ? "s3proxy.credential=" + SECRET_KEY : "",
                        "jclouds.provider="
                                + System.getProperty("twin.s3proxy.provider", "transient-nio2"),
                        "jclouds.identity=unused",
                        "jclouds.credential=unused",
                        ""),
                StandardCharsets.UTF_8);
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p =
                new ProcessBuilder(
                                List.of(
                                        java,
                                        "-Xmx256m",
                                        "-XX:+UseSerialGC",
                                        "-jar",
                                        jar().toAbsolutePath().toString(),
                                        "--properties",
                                        conf.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        S3ProxyServer server = new S3ProxyServer(p, endpoint, dir);
        server.awaitListening(port, Duration.ofSeconds(60));
        return server;
    }

    private void awaitListening(int port, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "s3proxy exited with " + process.exitValue() + ": " + tail());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IllegalStateException(
                "s3proxy did not listen on " + port + " within " + max + ": " + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    public URI endpoint() {
        return endpoint;
    }

    int port() {
        return endpoint.getPort();
    }

    /** A client straight to s3proxy, with the runtime's settings. */
    public S3Client client() {
        return S3Clients.build(endpoint, CREDENTIALS);
    }

    /**
     * A client straight to s3proxy that waits {@link #PATIENT} per attempt: fixtures, setup,
     * checks.
     */
    public S3Client patientClient() {
        return S3Clients.build(endpoint, CREDENTIALS, PATIENT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
