package dev.twin.runtime.adapter.aws;

import dev.twin.runtime.InvalidSettingException;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * What every AWS SDK client of the runtime shares: the url-connection HTTP client (no Apache, no
 * Netty: fewer classes at cold start, a smaller jar), bounded and logged retries ({@link
 * LoggedRetries}) and timeouts, the region from {@code AWS_REGION}, and the SDK's default
 * credentials chain (environment keys in Lambda, the container endpoint under SnapStart, a profile
 * on a laptop).
 */
public final class AwsClients {

    private AwsClients() {}

    /** Applies the shared settings; {@code endpoint} non-null points the client at a stand-in. */
    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(
            B builder,
            URI endpoint,
            AwsCredentialsProvider credentials,
            Duration connectTimeout,
            Duration socketTimeout,
            Duration attemptTimeout,
            Duration callTimeout,
            int maxAttempts) {
        builder.httpClient(
                UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(socketTimeout)
                        .build());
        ClientOverrideConfiguration.Builder o =
                ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        // the SDK's standard AWS strategy, bounded, each retry logged (service,
                        // operation, attempt, cause)
                        .retryStrategy(LoggedRetries.standard(maxAttempts))
                        .addExecutionInterceptor(LoggedRetries.interceptor());
        if (attemptTimeout != null) {
            o.apiCallAttemptTimeout(attemptTimeout);
        }
        builder.overrideConfiguration(o.build());
        builder.region(region(endpoint));
        // null: the SDK's default chain (environment keys in a plain Lambda, the container endpoint
        // a SnapStart function gets), shared and renewed after a restore (RestorableCredentials)
        builder.credentialsProvider(
                credentials != null ? credentials : RestorableCredentials.shared());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    /**
     * {@code AWS_REGION} (always set in Lambda); for a stand-in endpoint any region will do;
     * otherwise the SDK's chain (a developer's profile), failing with what to set.
     */
    public static Region region(URI endpoint) {
        String region = System.getenv("AWS_REGION");
        if (region != null && !region.isBlank()) {
            return Region.of(region.strip());
        }
        if (endpoint != null) {
            return Region.US_EAST_1;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new InvalidSettingException(
                    "AWS_REGION",
                    "(unset)",
                    "set AWS_REGION to the region of the memory bucket and the model, e.g. eu-west-1");
        }
    }
}
