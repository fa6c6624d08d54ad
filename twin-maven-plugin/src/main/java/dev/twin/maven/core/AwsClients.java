package dev.twin.maven.core;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Builds the AWS SDK clients from {@link AwsSettings}: region, profile and endpoint overrides
 * applied.
 */
public final class AwsClients {

    /**
     * Used with endpoint overrides when no region is configured: emulators ignore it, the SDK needs
     * one.
     */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;

    private final AwsSettings settings;
    private final AwsCredentialsProvider credentials;

    public AwsClients(AwsSettings settings) {
        this(settings, null);
    }

    /**
     * With explicit credentials (tests and tools); {@code null} means the standard chain or the
     * profile.
     */
    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.settings = Objects.requireNonNull(settings);
        this.credentials = credentials;
    }

    public AwsSettings settings() {
        return settings;
    }

    /**
     * An S3 client; path-style addressing and only required checksums when the endpoint is
     * overridden.
     */
    public S3Client s3(int maxConnections) {
        var builder =
                S3Client.builder()
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .maxConnections(Math.max(maxConnections, 1))
                                        .connectionTimeout(Duration.ofSeconds(10)));
        configure(builder, AwsService.S3);
        if (settings.endpoint(AwsService.S3).isPresent()) {
            // Local S3 stand-ins answer at one host; virtual-hosted buckets would need DNS for
            // every bucket.
            builder.forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    /**
     * The lean S3 path of the site publisher: same credentials, region and endpoint override as
     * {@link #s3}, without the SDK client's start-up cost.
     */
    public LeanS3 leanS3() {
        Optional<URI> override = settings.endpoint(AwsService.S3);
        String region =
                settings.region()
                        .orElseGet(
                                () ->
                                        override.isPresent()
                                                ? EMULATOR_REGION.id()
                                                : defaultRegion());
        return new LeanS3(new LeanS3.Endpoint(override, region), credentialsProvider());
    }

    private String defaultRegion() {
        try {
            var chain =
                    settings.profile()
                            .map(
                                    p ->
                                            software.amazon.awssdk.regions.providers
                                                    .DefaultAwsRegionProviderChain.builder()
                                                    .profileName(p)
                                                    .build())
                            .orElseGet(
                                    software.amazon.awssdk.regions.providers
                                                    .DefaultAwsRegionProviderChain
                                            ::new);
            return chain.getRegion().id();
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure("Region lookup", "S3", e);
        }
    }

    public CloudFrontClient cloudFront() {
        var builder = CloudFrontClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        configure(builder, AwsService.CLOUDFRONT);
        if (settings.region().isEmpty()) {
            // CloudFront is global; its signing region is us-east-1 whatever the user's default
            // region is.
            builder.region(Region.AWS_GLOBAL);
        }
        return builder.build();
    }

    public SecretsManagerClient secretsManager() {
        var builder = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        configure(builder, AwsService.SECRETSMANAGER);
        return builder.build();
    }

    public CloudFormationClient cloudFormation() {
        var builder = CloudFormationClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        configure(builder, AwsService.CLOUDFORMATION);
        return builder.build();
    }

    /** The credentials provider the clients use. */
    public AwsCredentialsProvider credentialsProvider() {
        if (credentials != null) {
            return credentials;
        }
        Optional<String> profile = settings.profile();
        if (profile.isPresent()) {
            return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
        }
        // Keys in system properties or the environment are what the default chain would pick first:
        // taken
        // directly, so a goal in CI does not load the whole chain to find them.
        Optional<AwsCredentials> direct =
                EnvironmentCredentials.from(System.getProperties(), System.getenv());
        if (direct.isPresent()) {
            return StaticCredentialsProvider.create(direct.get());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Fails fast with {@link NoCredentialsException} when the chain finds no credentials, before
     * anything slow (a CDK CLI process, a synth) starts.
     */
    public void requireCredentials() {
        try {
            credentialsProvider().resolveCredentials();
        } catch (SdkClientException | IllegalStateException e) {
            throw new NoCredentialsException(
                    settings.profile().orElse(null), firstLine(e.getMessage()));
        }
    }

    private void configure(AwsClientBuilder<?, ?> builder, AwsService service) {
        builder.credentialsProvider(credentialsProvider());
        settings.region().map(Region::of).ifPresent(builder::region);
        settings.endpoint(service)
                .ifPresent(
                        uri -> {
                            builder.endpointOverride(uri);
                            if (settings.region().isEmpty()) {
                                builder.region(EMULATOR_REGION);
                            }
                        });
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
