package dev.twin.runtime.load;

import dev.twin.runtime.observe.Telemetry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Benchmark helper (not a test): the server side of {@link LoadBench} in its own JVM, as {@code mvn
 * twin:run} forks {@code java -jar}. Arguments: {@code <s3|local> <memory dir> <uri file>}. Writes
 * its base URL to the uri file once it listens, logs a line per request to stdout (as the dev
 * server does), and stops when its stdin closes, so it never outlives the generator.
 */
public final class LoadServer {

    private LoadServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LoadServer <s3|local> <memory dir> <uri file>");
            System.exit(2);
        }
        TwinUnderLoad.Store store = TwinUnderLoad.Store.parse(args[0]);
        Path uriFile = Path.of(args[2]);
        try (TwinUnderLoad twin =
                TwinUnderLoad.start(
                        store, Path.of(args[1]), null, Telemetry.stdout(TwinUnderLoad.TWIN_NAME))) {
            Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
            Files.writeString(tmp, twin.uri().toString(), StandardCharsets.UTF_8);
            // atomic: the generator polls for the file and must never read half a URL
            Files.move(tmp, uriFile, StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // the generator never writes; EOF means it is done (or gone)
            }
        }
        // the HTTP client pool's and s3proxy's threads must not keep the JVM up
        System.exit(0);
    }
}
