package dev.twin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code -lambda.jar}: what gets deployed and what {@code java -jar} runs. */
class LambdaJarIT {

    private static final Path JAR =
            Path.of(System.getProperty("twin.lambdaJar", "target/missing-lambda.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jar_isRunnable_leanAndFreeOfSignaturesAndHeavyHttpClients() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.twin.runtime.local.DevServer");
            List<String> names =
                    Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
            assertThat(names)
                    .contains(
                            "dev/twin/runtime/lambda/TwinHandler.class",
                            "dev/twin/runtime/sample-persona/me.txt",
                            "org/crac/Core.class");
            assertThat(names)
                    .noneMatch(
                            n ->
                                    n.startsWith("io/netty/")
                                            || n.startsWith("org/apache/http/")
                                            || n.startsWith("org/apache/hc/")
                                            || n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")
                                            || n.equals("module-info.class"));
        }
        // issue 14's budget: 14 MB (the SNS client for owner notices brought it past 12 MiB)
        assertThat(Files.size(JAR)).isLessThanOrEqualTo(14_000_000L);
    }

    @Test
    void javaJar_startsTheDevServer_andAnswersAChat(@TempDir Path memory) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb =
                new ProcessBuilder(java.toString(), "-jar", JAR.toString())
                        .redirectErrorStream(true);
        pb.environment().put("TWIN_PORT", "0");
        pb.environment().put("TWIN_MEMORY_DIR", memory.toString());
        pb.environment().remove("TWIN_PERSONA_DIR");
        pb.environment().remove("TWIN_SITE_DIR");
        Process process = pb.start();
        try {
            // Given: the banner names the URL
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(
                                    process.getInputStream(), StandardCharsets.UTF_8));
            List<String> banner = new ArrayList<>();
            URI base = null;
            Pattern url = Pattern.compile("running at (http://\\S+/)");
            for (String line; base == null && (line = out.readLine()) != null; ) {
                banner.add(line);
                Matcher m = url.matcher(line);
                if (m.find()) {
                    base = URI.create(m.group(1));
                }
            }
            assertThat(base).as("banner: %s", banner).isNotNull();
            for (int i = 0; i < 5; i++) {
                banner.add(out.readLine());
            }
            assertThat(String.join("\n", banner))
                    .contains("model:   offline", "store:   local directory", "FICTIONAL");

            // When
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> chat =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("/api/chat"))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"message\":\"Where do you live?\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page =
                    http.send(
                            HttpRequest.newBuilder(base).build(),
                            HttpResponse.BodyHandlers.ofString());

            // Then
            assertThat(chat.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(chat.body());
            assertThat(body.get("response").asText()).contains("seaside");
            assertThat(
                            Files.exists(
                                    memory.resolve("conversations")
                                            .resolve(body.get("session_id").asText() + ".json")))
                    .isTrue();
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type"))
                    .hasValue("text/html; charset=utf-8");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
