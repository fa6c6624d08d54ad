package dev.twin.runtime.adapter.s3;

import dev.twin.runtime.adapter.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client: url-connection HTTP client (no Apache, no Netty: less to load at cold
 * start), timeouts that fit inside one chat turn, region from {@code AWS_REGION}. The Lambda path
 * uses {@link #shared()}, built once per process; tests build their own against s3proxy.
 */
public final class S3Clients {

    /**
     * One S3 request normally takes tens of ms; a stuck one must not eat the turn's time budget. A
     * call is at most 2 attempts of 1.5 s plus the SDK's back-off (at most 1 s, for SlowDown): 4 s.
     * The turn budget in {@code docs/FAULTS.md} counts on this bound.
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    public static final int MAX_ATTEMPTS = 2;

    private S3Clients() {}

    /**
     * The process-wide client for the Lambda and the dev server (AWS_REGION, default credentials).
     */
    public static synchronized S3Client shared() {
        // not a holder class: a missing AWS_REGION must surface as its own error, not
        // ExceptionInInitializerError
        if (shared == null) {
            shared = build(null, null);
        }
        return shared;
    }

    private static S3Client shared;

    /**
     * A client with the runtime's settings.
     *
     * @param endpoint {@code null} for AWS; an s3proxy or other stand-in URL otherwise (path-style)
     * @param credentials {@code null} for the SDK default chain (environment keys in Lambda,
     *     container endpoint under SnapStart)
     */
    public static S3Client build(URI endpoint, AwsCredentialsProvider credentials) {
        return build(endpoint, credentials, ATTEMPT_TIMEOUT);
    }

    /**
     * As {@link #build(URI, AwsCredentialsProvider)} with another attempt timeout: shorter for
     * tests of timeouts, longer for tests on a loaded machine; the call timeout follows (attempts +
     * 1 s).
     */
    public static S3Client build(
            URI endpoint, AwsCredentialsProvider credentials, Duration attemptTimeout) {
        // the call: every attempt plus the SDK's back-off (at most 1 s): 4 s with the runtime's
        // attempts
        var b =
                AwsClients.configure(
                        S3Client.builder(),
                        endpoint,
                        credentials,
                        CONNECT_TIMEOUT,
                        attemptTimeout,
                        attemptTimeout,
                        attemptTimeout.multipliedBy(MAX_ATTEMPTS).plusSeconds(1),
                        MAX_ATTEMPTS);
        // A conversation is one small body: send it whole with a Content-Length, never aws-chunked
        // (no CRC32 trailer, no chunk signing on plain-http stand-ins). Over HTTPS to S3 this is
        // the
        // plain UNSIGNED-PAYLOAD PUT that TLS protects; and S3-compatible servers (s3proxy 4.1.0
        // among
        // them) answer an aws-chunked PUT before reading its last chunk and hang up on the writer,
        // which
        // then sees "Error writing request body" and retries a write that has landed.
        b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        b.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (endpoint != null) {
            b.forcePathStyle(true);
        }
        return b.build();
    }
}
