package dev.twin.cdk;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;

/**
 * Benchmark (run by {@code bench/synth.sh}, not a test): synthesizes the default stack into a cloud
 * assembly, first from a fresh JVM (JVM start, jsii runtime start, synthesis, assembly written),
 * then again in the same process. Prints one line per synthesis.
 */
public final class SynthBenchmark {

    private SynthBenchmark() {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path jar = args.length > 1 ? Path.of(args[1]) : fakeRuntimeJar();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        for (int i = 0; i < runs; i++) {
            long start = System.currentTimeMillis();
            Path out = Path.of("target", "bench", "cdk.out-" + i);
            App app = TwinApp.newApp(out, Map.of()); // the first App starts the jsii runtime (node)
            long appCreated = System.currentTimeMillis();
            new DigitalTwinStack(
                    app,
                    DigitalTwinStackProps.builder()
                            .twinName("jane")
                            .environment("prod")
                            .lambdaJar(jar)
                            .build());
            long constructed = System.currentTimeMillis();
            app.synth();
            long end = System.currentTimeMillis();
            String parts =
                    String.format(
                            "app=%d constructs=%d synth=%d",
                            appCreated - start, constructed - appCreated, end - constructed);
            if (i == 0) {
                System.out.printf(
                        "fresh process: JVM start to assembly written ms=%d (jvm=%d %s)%n",
                        end - jvmStart, start - jvmStart, parts);
            } else {
                System.out.printf("same process:  ms=%d (%s)%n", end - start, parts);
            }
        }
    }

    /**
     * A 16 MB jar of incompressible bytes, standing in for the runtime's shaded jar when none is
     * given.
     */
    private static Path fakeRuntimeJar() throws IOException {
        Path jar = Path.of("target", "bench", "fake-runtime-lambda.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(jar.getParent());
        byte[] block = new byte[1 << 20];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 16; i++) {
                random.nextBytes(block);
                zip.putNextEntry(new ZipEntry("blob/" + i + ".bin"));
                zip.write(block);
                zip.closeEntry();
            }
        }
        return jar;
    }
}
