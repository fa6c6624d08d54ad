package dev.twin.runtime.lambda;

import com.sun.net.httpserver.HttpServer;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.http.OriginLock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bench harness of {@code bench/priming.sh}: what a visitor's first turn after a SnapStart restore
 * still has to load.
 *
 * <ul>
 *   <li>{@code standin <file>}: a separate JVM holding the services: s3proxy (forked) with a bucket
 *       and a persona, and a loopback server answering Bedrock's Converse and Secrets Manager's
 *       GetSecretValue (the origin secret). Writes the environment the measured JVM needs to {@code
 *       file}; runs until stdin closes.
 *   <li>{@code before} / {@code after}: the measured JVM (run with {@code -Xlog:class+load}):
 *       Lambda init ({@code new TwinHandler()}), then the priming as on main (offline model and
 *       in-memory store only) or this branch's {@code beforeCheckpoint} + {@code afterRestore},
 *       then the first POST /api/chat, bracketed by loading the marker classes {@link
 *       FirstTurnStart} and {@link FirstTurnEnd}. Prints {@code firstTurnMs}.
 * </ul>
 */
public final class PrimingBench {

    /** Loaded just before the first turn: its line in the class-load log marks the start. */
    static final class FirstTurnStart {}

    /** Loaded just after the first turn. */
    static final class FirstTurnEnd {}

    static final String ORIGIN_VALUE = "bench-origin-value-not-a-secret-0001";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("standin")) {
            standIn(Path.of(args[1]));
            return;
        }
        TwinHandler handler = new TwinHandler();
        if (args[0].equals("before")) {
            TwinHandler.prime(20);
        } else {
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);
        }
        Class.forName(FirstTurnStart.class.getName());
        long start = System.nanoTime();
        String answer = invoke(handler);
        long ms = (System.nanoTime() - start) / 1_000_000;
        Class.forName(FirstTurnEnd.class.getName());
        if (!answer.startsWith("{\"statusCode\":200")) {
            throw new IllegalStateException("first turn failed: " + answer);
        }
        System.out.println("firstTurnMs " + ms);
    }

    private static String invoke(TwinHandler handler) throws Exception {
        String event =
                "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/api/chat\","
                        + "\"rawQueryString\":\"\",\"headers\":{\"content-type\":\"application/json\","
                        + "\""
                        + OriginLock.HEADER
                        + "\":\""
                        + ORIGIN_VALUE
                        + "\",\"cloudfront-viewer-address\":\"198.51.100.10:40001\"},"
                        + "\"requestContext\":{\"requestId\":\"bench\",\"stage\":\"$default\","
                        + "\"http\":{\"method\":\"POST\",\"path\":\"/api/chat\",\"sourceIp\":\"130.176.98.12\"}},"
                        + "\"body\":\"{\\\"message\\\":\\\"What do you do for work?\\\"}\",\"isBase64Encoded\":false}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void standIn(Path envFile) throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.start();
        String bucket = "priming-bench";
        S3Client s3 = s3proxy.patientClient();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(
                b -> b.bucket(bucket).key("persona/me.txt"),
                RequestBody.fromString(
                        "I am Ada Quill, a fictional engineer who builds bridges and writes about them."));
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext(
                "/",
                exchange -> {
                    try (InputStream in = exchange.getRequestBody();
                            OutputStream out = exchange.getResponseBody()) {
                        in.readAllBytes();
                        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                        String body =
                                "secretsmanager.GetSecretValue".equals(target)
                                        ? "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:bench\","
                                                + "\"SecretString\":\"{\\\"current\\\":\\\""
                                                + ORIGIN_VALUE
                                                + "\\\",\\\"previous\\\":\\\"\\\"}\"}"
                                        : ModelStandIn.BEDROCK_REPLY;
                        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders()
                                .add(
                                        "content-type",
                                        target != null
                                                ? "application/x-amz-json-1.1"
                                                : "application/json");
                        exchange.sendResponseHeaders(200, bytes.length);
                        out.write(bytes);
                    }
                });
        server.start();
        String services = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.writeString(
                envFile,
                String.join(
                                "\n",
                                "TWIN_MEMORY_BUCKET=" + bucket,
                                "TWIN_MODEL_PROVIDER=bedrock",
                                "TWIN_MODEL_ID=amazon.nova-lite-v1:0",
                                "TWIN_ORIGIN_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
                                "AWS_REGION=us-east-1",
                                "AWS_ACCESS_KEY_ID=" + S3ProxyServer.ACCESS_KEY,
                                "AWS_SECRET_ACCESS_KEY=" + S3ProxyServer.SECRET_KEY,
                                "AWS_ENDPOINT_URL_S3=" + s3proxy.endpoint(),
                                "AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + services,
                                "AWS_ENDPOINT_URL_SECRETS_MANAGER=" + services,
                                "")
                        + "\n");
        System.out.println("READY");
        System.in.read(); // until the script closes stdin
        server.stop(0);
        s3proxy.close();
    }
}
