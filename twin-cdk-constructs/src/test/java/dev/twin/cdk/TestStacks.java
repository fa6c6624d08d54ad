package dev.twin.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Test fixtures: a tiny stand-in for the runtime jar, and stacks synthesized into target/. */
final class TestStacks {

    static final Path TARGET = Path.of("target");
    private static Path jar;

    private TestStacks() {}

    /**
     * A real (tiny) jar: one class zipped into target/, standing in for the runtime's shaded jar.
     */
    static synchronized Path lambdaJar() {
        if (jar != null) {
            return jar;
        }
        try {
            Path dir = Files.createDirectories(TARGET.resolve("test-lambda"));
            Path file = dir.resolve("twin-runtime-test-lambda.jar");
            String entry = TestStacks.class.getName().replace('.', '/') + ".class";
            try (InputStream in = TestStacks.class.getClassLoader().getResourceAsStream(entry);
                    OutputStream out = Files.newOutputStream(file);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                ZipEntry ze = new ZipEntry(entry);
                ze.setTime(0); // stable bytes, so the asset hash does not change between runs
                zip.putNextEntry(ze);
                in.transferTo(zip);
                zip.closeEntry();
            }
            jar = file;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Valid props for a dev twin named jane; callers adjust the builder. */
    static DigitalTwinStackProps.Builder defaults() {
        return DigitalTwinStackProps.builder()
                .twinName("jane")
                .environment("dev")
                .lambdaJar(lambdaJar());
    }

    /** A fresh app writing to its own directory under target/. */
    static App newApp() {
        Path out = TARGET.resolve("cdk-test").resolve(UUID.randomUUID().toString());
        return TwinApp.newApp(out, Map.of());
    }

    static DigitalTwinStack stack(DigitalTwinStackProps props) {
        return new DigitalTwinStack(newApp(), props);
    }

    static Template template(DigitalTwinStackProps props) {
        return Template.fromStack(stack(props));
    }

    /** Matches a policy document (IAM or resource policy) holding at least these statements. */
    static Map<String, Object> policyStatements(Object... statements) {
        return Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(statements))));
    }

    /** The memory bucket's ARN joined with {@code suffix} (e.g. {@code "/persona/*"}). */
    static Map<String, Object> memoryBucketPath(String suffix) {
        return Map.of(
                "Fn::Join",
                List.of(
                        "",
                        List.of(
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(
                                                Match.stringLikeRegexp("StorageMemoryBucket.*"),
                                                "Arn")),
                                suffix)));
    }
}
