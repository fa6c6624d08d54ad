package dev.twin.maven.cdk;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A project's "own CDK app" stand-in for {@link SynthesizerAppClassTest}: writes what it was given
 * where the CDK CLI protocol says (CDK_OUTDIR), like an app calling {@code app.synth()} would;
 * exits 3 when asked to fail.
 */
public final class FakeCdkApp {

    private FakeCdkApp() {}

    public static void main(String[] args) throws Exception {
        String context = System.getenv("CDK_CONTEXT_JSON");
        if (context != null && context.contains("\"fail-me\"")) {
            System.err.println("app failed on purpose");
            System.exit(3);
        }
        Path out = Path.of(System.getenv("CDK_OUTDIR"));
        Files.createDirectories(out);
        Files.writeString(
                out.resolve("manifest.json"), "{\"version\": \"54.0.0\", \"artifacts\": {}}");
        Files.writeString(out.resolve("context.json"), context);
    }
}
