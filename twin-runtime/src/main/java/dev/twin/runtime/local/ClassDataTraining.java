package dev.twin.runtime.local;

import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.lambda.TwinHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build's training run for a class-data archive: starts the dev server as {@code java -jar}
 * does, asks it what a visitor's page asks (the page, its config, a buffered and a streamed chat),
 * and exits, so that {@code -XX:ArchiveClassesAtExit} archives exactly the classes a first answer
 * loads. Run by {@code twin-runtime}'s {@code package} phase; the README's command maps the archive
 * with {@code -XX:SharedArchiveFile} (docs/BENCHMARKS.md, "First answer").
 */
public final class ClassDataTraining {

    private ClassDataTraining() {}

    public static void main(String[] args) throws IOException {
        Path memory = Files.createTempDirectory("twin-cds-training");
        // the offline model and the sample persona whatever the shell says: the same classes load
        // for a first answer from any persona, and training must not call a model
        Map<String, String> env = new HashMap<>();
        String site = System.getenv(RuntimeEnv.SITE_DIR);
        if (site != null && Files.isDirectory(Path.of(site))) {
            env.put(RuntimeEnv.SITE_DIR, site);
        }
        env.put(RuntimeEnv.PORT, "0");
        env.put(RuntimeEnv.MEMORY_DIR, memory.toString());
        int exit = 0;
        try {
            TwinHandler.prime(1);
            try (DevServer server = DevServer.startFromEnvironment(env)) {
                URI base = server.uri();
                String chat = "{\"message\":\"What do you do for work?\"}";
                exit |= expect(base, "GET", "/", null, 200);
                exit |= expect(base, "GET", "/config.json", null, 200);
                exit |= expect(base, "POST", "/api/chat", chat, 200);
                exit |= expect(base, "POST", "/api/chat/stream", chat, 200);
            }
        } finally {
            deleteTree(memory);
        }
        if (exit != 0) {
            System.err.println(
                    "twin: the class-data training run did not get the answers it expects");
        }
        // a normal exit: the JVM writes the archive now
        System.exit(exit);
    }

    /** One request on its own connection (a plain socket: no HTTP client classes archived). */
    private static int expect(URI base, String method, String path, String body, int status)
            throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            String head =
                    method
                            + " "
                            + path
                            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + (body == null
                                    ? ""
                                    : "Content-Type: application/json\r\nContent-Length: "
                                            + payload.length
                                            + "\r\n")
                            + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statusLine = response.lines().findFirst().orElse("");
            if (statusLine.startsWith("HTTP/1.1 " + status + " ")) {
                return 0;
            }
            System.err.println("twin: " + method + " " + path + " answered " + statusLine);
            return 1;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
