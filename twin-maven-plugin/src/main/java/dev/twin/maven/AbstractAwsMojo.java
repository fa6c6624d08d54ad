package dev.twin.maven;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsService;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.ProxySettings;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.core.StackOutputsSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of the goals that call AWS: region, profile and explicit endpoint overrides, on one set of
 * SDK clients per goal run.
 */
public abstract class AbstractAwsMojo extends AbstractTwinMojo {

    /**
     * AWS region; default: as the AWS CLI finds it (AWS_REGION, AWS_DEFAULT_REGION, the profile's
     * region).
     */
    @Parameter(property = TwinProperties.REGION)
    protected String region;

    /**
     * AWS profile of ~/.aws/config (keys, SSO, assume-role, web identity, credential_process);
     * default: AWS_PROFILE, else the standard chain.
     */
    @Parameter(property = TwinProperties.PROFILE)
    protected String profile;

    /**
     * S3 endpoint override (a local emulator such as s3proxy; path-style addressing is used with
     * it); default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS.
     */
    @Parameter(property = TwinProperties.ENDPOINT_S3)
    protected String endpointS3;

    /** CloudFront endpoint override; default: AWS_ENDPOINT_URL_CLOUDFRONT and the like. */
    @Parameter(property = TwinProperties.ENDPOINT_CLOUDFRONT)
    protected String endpointCloudFront;

    /**
     * Secrets Manager endpoint override; default: AWS_ENDPOINT_URL_SECRETS_MANAGER and the like.
     */
    @Parameter(property = TwinProperties.ENDPOINT_SECRETSMANAGER)
    protected String endpointSecretsManager;

    /**
     * CloudFormation endpoint override (used to find the stack outputs when the outputs file is
     * absent); default: AWS_ENDPOINT_URL_CLOUDFORMATION and the like.
     */
    @Parameter(property = TwinProperties.ENDPOINT_CLOUDFORMATION)
    protected String endpointCloudFormation;

    /**
     * STS endpoint override (the account for synth); default: AWS_ENDPOINT_URL_STS and the like.
     */
    @Parameter(property = TwinProperties.ENDPOINT_STS)
    protected String endpointSts;

    /**
     * CloudWatch Logs endpoint override (twin:logs); default: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and
     * the like.
     */
    @Parameter(property = TwinProperties.ENDPOINT_LOGS)
    protected String endpointLogs;

    /**
     * Bedrock Runtime endpoint override (twin:deploy's first model call); default:
     * AWS_ENDPOINT_URL_BEDROCK_RUNTIME and the like.
     */
    @Parameter(property = TwinProperties.ENDPOINT_BEDROCK)
    protected String endpointBedrock;

    @Component protected SettingsDecrypter settingsDecrypter;

    private AwsClients clients;

    /** The AWS clients of this goal run (built on first use, closed when the goal ends). */
    protected AwsClients awsClients() {
        if (clients == null) {
            Map<AwsService, String> endpoints = new EnumMap<>(AwsService.class);
            endpoints.put(AwsService.S3, endpointS3);
            endpoints.put(AwsService.CLOUDFRONT, endpointCloudFront);
            endpoints.put(AwsService.SECRETSMANAGER, endpointSecretsManager);
            endpoints.put(AwsService.CLOUDFORMATION, endpointCloudFormation);
            endpoints.put(AwsService.STS, endpointSts);
            endpoints.put(AwsService.LOGS, endpointLogs);
            endpoints.put(AwsService.BEDROCK_RUNTIME, endpointBedrock);
            AwsSettings settings =
                    AwsSettings.of(region, profile, endpoints)
                            .withProxy(mavenProxy())
                            .withInteractive(interactive());
            clients = closeAfterRun(new AwsClients(settings));
        }
        return clients;
    }

    /** The stack outputs: target/twin/&lt;env&gt;/outputs.json, else CloudFormation. */
    protected StackOutputs outputs() {
        return new StackOutputsSource(paths(), stackName(), awsClients()::cloudFormation, log())
                .load();
    }

    /** The active https (else http) {@code <proxy>} of settings.xml, its password decrypted. */
    private Optional<ProxySettings> mavenProxy() {
        if (session == null || session.getSettings() == null) {
            return Optional.empty();
        }
        Proxy chosen = null;
        for (Proxy p : session.getSettings().getProxies()) {
            if (p.isActive()
                    && (chosen == null || "https".equalsIgnoreCase(p.getProtocol()))
                    && ("https".equalsIgnoreCase(p.getProtocol())
                            || "http".equalsIgnoreCase(p.getProtocol()))) {
                chosen = p;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        Proxy proxy = chosen;
        if (settingsDecrypter != null) {
            var decrypted = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(chosen));
            if (decrypted.getProxy() != null) {
                proxy = decrypted.getProxy();
            }
        }
        return Optional.of(
                ProxySettings.of(
                        "http", // Maven's <protocol> names what is proxied; the proxy speaks HTTP
                        proxy.getHost(),
                        proxy.getPort(),
                        proxy.getUsername(),
                        proxy.getPassword(),
                        proxy.getNonProxyHosts()));
    }
}
