package dev.twin.maven.core;

import dev.twin.maven.publish.ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS SDK clients of one goal run, each built once on first use over one shared Apache 5 HTTP
 * client, and closed together. Region, profile, credentials and endpoints follow the AWS CLI's
 * conventions; {@code twin.endpoint.*} overrides sit on top of the SDK's own {@code
 * AWS_ENDPOINT_URL[_<SERVICE>]} and profile {@code endpoint_url}.
 */
public final class AwsClients implements AutoCloseable {

    /**
     * Used with endpoint overrides when no region is configured: emulators ignore it, the SDK needs
     * one.
     */
    private static final Region EMULATOR_REGION = Region.US_EAST_1;

    /** Enough for the publisher's default 16 parallel uploads, and a CLI-sized margin. */
    private static final int MAX_CONNECTIONS = 32;

    private final AwsSettings settings;
    private final AwsCredentialsProvider explicitCredentials;
    private final List<AutoCloseable> built = new ArrayList<>();
    private SdkHttpClient http;
    private AwsCredentialsProvider credentials;
    private Optional<Region> region;
    private S3Client s3;
    private CloudFrontClient cloudFront;
    private SecretsManagerClient secretsManager;
    private CloudFormationClient cloudFormation;
    private StsClient sts;
    private CloudWatchLogsClient logs;
    private BedrockRuntimeClient bedrockRuntime;

    public AwsClients(AwsSettings settings) {
        this(settings, null);
    }

    /**
     * With explicit credentials (tests and tools); {@code null} means the standard chain or the
     * profile.
     */
    public AwsClients(AwsSettings settings, AwsCredentialsProvider credentials) {
        this.settings = Objects.requireNonNull(settings);
        this.explicitCredentials = credentials;
    }

    public AwsSettings settings() {
        return settings;
    }

    /**
     * The region as the AWS CLI finds it: {@code -Dtwin.region}, {@code AWS_REGION}/{@code
     * AWS_DEFAULT_REGION}, the profile's {@code region}, instance metadata; empty when none says.
     */
    public synchronized Optional<Region> region() {
        if (region == null) {
            region = settings.region().map(Region::of).or(this::regionFromChain);
        }
        return region;
    }

    private Optional<Region> regionFromChain() {
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            settings.profile().ifPresent(chain::profileName);
            return Optional.of(chain.build().getRegion());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /**
     * The account of the credentials ({@code sts:GetCallerIdentity}); empty, with a debug line,
     * when there are no credentials or the call fails.
     */
    public Optional<String> account(TwinLog log) {
        try {
            return Optional.of(sts().getCallerIdentity().account());
        } catch (SdkException | TwinException e) {
            log.debug("No account from sts:GetCallerIdentity (" + firstLine(e.getMessage()) + ")");
            return Optional.empty();
        }
    }

    /** The S3 client; path-style addressing and only required checksums with twin.endpoint.s3. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            var builder = S3Client.builder();
            configure(builder, AwsService.S3);
            if (settings.endpoint(AwsService.S3).isPresent()) {
                // Local S3 stand-ins answer at one host; virtual-hosted buckets would need DNS for
                // every bucket.
                builder.forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
            s3 = keep(builder.build());
        }
        return s3;
    }

    /** The publisher's port onto {@link #s3()}. */
    public ObjectStore objectStore() {
        return new S3ObjectStore(s3());
    }

    public synchronized CloudFrontClient cloudFront() {
        if (cloudFront == null) {
            var builder = CloudFrontClient.builder();
            configure(builder, AwsService.CLOUDFRONT);
            // CloudFront is global: its signing region is us-east-1 whatever the user's region is.
            builder.region(Region.AWS_GLOBAL);
            cloudFront = keep(builder.build());
        }
        return cloudFront;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            var builder = SecretsManagerClient.builder();
            configure(builder, AwsService.SECRETSMANAGER);
            secretsManager = keep(builder.build());
        }
        return secretsManager;
    }

    public synchronized CloudFormationClient cloudFormation() {
        if (cloudFormation == null) {
            var builder = CloudFormationClient.builder();
            configure(builder, AwsService.CLOUDFORMATION);
            cloudFormation = keep(builder.build());
        }
        return cloudFormation;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            var builder = StsClient.builder();
            configure(builder, AwsService.STS);
            sts = keep(builder.build());
        }
        return sts;
    }

    /**
     * STS without credentials, for the one call that needs none and gives credentials:
     * AssumeRoleWithWebIdentity.
     */
    /** CloudWatch Logs (twin:logs reads the function's log group). */
    public synchronized CloudWatchLogsClient logs() {
        if (logs == null) {
            var builder = CloudWatchLogsClient.builder();
            configure(builder, AwsService.LOGS);
            logs = keep(builder.build());
        }
        return logs;
    }

    /**
     * Bedrock Runtime with the deployer's credentials, proxy and endpoint rules, for twin:deploy's
     * first model call.
     */
    public synchronized BedrockRuntimeClient bedrockRuntime() {
        if (bedrockRuntime == null) {
            var builder = BedrockRuntimeClient.builder();
            configure(builder, AwsService.BEDROCK_RUNTIME);
            bedrockRuntime = keep(builder.build());
        }
        return bedrockRuntime;
    }

    private synchronized StsClient anonymousSts() {
        var builder = StsClient.builder();
        builder.httpClient(http());
        builder.credentialsProvider(AnonymousCredentialsProvider.create());
        settings.profile()
                .ifPresent(p -> builder.overrideConfiguration(c -> c.defaultProfileName(p)));
        builder.region(region().orElse(Region.US_EAST_1));
        settings.endpoint(AwsService.STS).ifPresent(builder::endpointOverride);
        return keep(builder.build());
    }

    /** The credentials provider the clients use (built once). */
    public synchronized AwsCredentialsProvider credentialsProvider() {
        if (credentials == null) {
            credentials =
                    explicitCredentials != null
                            ? explicitCredentials
                            : CredentialSources.forSettings(settings, region(), this::anonymousSts);
        }
        return credentials;
    }

    /**
     * Fails fast with a typed error when the credentials cannot be resolved (none, an expired SSO
     * session), before anything slow (a CDK CLI process, a synth) starts.
     */
    public void requireCredentials() {
        try {
            credentialsProvider().resolveCredentials();
        } catch (SdkException | IllegalStateException e) {
            throw credentialsFailure(e);
        }
    }

    /** The typed error for a failure to resolve credentials. */
    public TwinException credentialsFailure(Exception e) {
        String profile = CredentialSources.profileName(settings);
        if (CredentialSources.usesSso(profile)) {
            return new SsoLoginRequiredException(profile, firstLine(e.getMessage()));
        }
        return new NoCredentialsException(
                settings.profile().orElse(null), firstLine(e.getMessage()));
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : built) {
            try {
                c.close();
            } catch (Exception e) {
                // closing releases connections; a failure here changes nothing for the user
            }
        }
        built.clear();
        s3 = null;
        cloudFront = null;
        secretsManager = null;
        cloudFormation = null;
        sts = null;
        logs = null;
        bedrockRuntime = null;
        if (http != null) {
            http.close();
            http = null;
        }
    }

    private <T extends AutoCloseable> T keep(T client) {
        built.add(client);
        return client;
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            var builder =
                    Apache5HttpClient.builder()
                            .maxConnections(MAX_CONNECTIONS)
                            .connectionTimeout(Duration.ofSeconds(10));
            ProxyConfiguration.Builder proxy =
                    ProxyConfiguration.builder()
                            .useEnvironmentVariableValues(true)
                            .useSystemPropertyValues(true);
            settings.proxy()
                    .ifPresent(
                            p -> {
                                // Maven's settings.xml wins over the environment, as for Maven.
                                proxy.useEnvironmentVariableValues(false)
                                        .useSystemPropertyValues(false)
                                        .endpoint(p.endpoint())
                                        .nonProxyHosts(hostPatterns(p.nonProxyHosts()));
                                p.username().ifPresent(proxy::username);
                                p.password().ifPresent(proxy::password);
                            });
            http = builder.proxyConfiguration(proxy.build()).build();
        }
        return http;
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> void configure(
            B builder, AwsService service) {
        builder.httpClient(http());
        builder.credentialsProvider(credentialsProvider());
        // The SDK reads the profile's endpoint_url, retry mode and the like from the profile in
        // effect: -Dtwin.profile when given.
        settings.profile()
                .ifPresent(p -> builder.overrideConfiguration(c -> c.defaultProfileName(p)));
        region().ifPresent(builder::region);
        settings.endpoint(service)
                .ifPresent(
                        uri -> {
                            builder.endpointOverride(uri);
                            if (region().isEmpty()) {
                                builder.region(EMULATOR_REGION);
                            }
                        });
    }

    /**
     * Maven's {@code nonProxyHosts} are wildcards ({@code *.internal}); the HTTP client matches
     * regular expressions.
     */
    static Set<String> hostPatterns(Set<String> wildcards) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String w : wildcards) {
            patterns.add(
                    Arrays.stream(w.split("\\*", -1))
                            .map(Pattern::quote)
                            .collect(Collectors.joining(".*")));
        }
        return patterns;
    }

    static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
