package dev.twin.runtime.adapter.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client: url-connection HTTP client (no Apache, no Netty: less to load at cold
 * start), timeouts that fit inside one chat turn, region from {@code AWS_REGION}. The Lambda path
 * uses {@link #shared()}, built once per process; tests build their own against s3proxy.
 */
public final class S3Clients {

  /** One S3 request normally takes tens of ms; a stuck one must not eat the turn's time budget. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(7);
  static final int MAX_ATTEMPTS = 2;

  private S3Clients() {}

  /** The process-wide client for the Lambda and the dev server (AWS_REGION, default credentials). */
  public static S3Client shared() {
    return Holder.CLIENT;
  }

  private static final class Holder {
    static final S3Client CLIENT = build(null, null);
  }

  /**
   * A client with the runtime's settings.
   *
   * @param endpoint {@code null} for AWS; an s3proxy or other stand-in URL otherwise (path-style)
   * @param credentials {@code null} for the default chain; in Lambda that is the environment
   */
  public static S3Client build(URI endpoint, AwsCredentialsProvider credentials) {
    return build(endpoint, credentials, ATTEMPT_TIMEOUT);
  }

  /** As {@link #build(URI, AwsCredentialsProvider)} with a shorter attempt timeout (tests of timeouts). */
  public static S3Client build(URI endpoint, AwsCredentialsProvider credentials, Duration attemptTimeout) {
    var b = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(min(SOCKET_TIMEOUT, attemptTimeout))
            .build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(attemptTimeout)
            .apiCallTimeout(min(CALL_TIMEOUT, attemptTimeout.multipliedBy(MAX_ATTEMPTS).plusSeconds(1)))
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
            .build());
    Region region = region(endpoint);
    if (region != null) {
      b.region(region);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    } else if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
      // in Lambda the role's keys are in the environment: skip the default chain's probing
      b.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint).forcePathStyle(true);
    }
    return b.build();
  }

  /**
   * {@code AWS_REGION} (always set in Lambda); a stand-in endpoint does not care; otherwise
   * {@code null} lets the SDK's chain read the profile of a developer's machine.
   */
  static Region region(URI endpoint) {
    String region = System.getenv("AWS_REGION");
    if (region != null && !region.isBlank()) {
      return Region.of(region.strip());
    }
    return endpoint != null ? Region.US_EAST_1 : null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
