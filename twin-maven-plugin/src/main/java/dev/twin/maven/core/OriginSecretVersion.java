package dev.twin.maven.core;

import dev.twin.contract.StackOutputNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The origin lock secret's current version, which twin:deploy pins in the header CloudFront sends:
 * CloudFormation resolves a dynamic reference only when the resource holding it changes, so after a
 * rotation the new version id is what makes the distribution take the new value (docs/SECURITY.md,
 * "Rotation"). Never fails a deploy: without a version the reference stays unpinned, as a plain
 * {@code cdk deploy} leaves it.
 */
public final class OriginSecretVersion {

    static final String CURRENT_STAGE = "AWSCURRENT";

    private final StackOutputsSource outputs;
    private final Supplier<SecretsManagerClient> secretsManager;
    private final TwinLog log;

    public OriginSecretVersion(
            StackOutputsSource outputs,
            Supplier<SecretsManagerClient> secretsManager,
            TwinLog log) {
        this.outputs = Objects.requireNonNull(outputs);
        this.secretsManager = Objects.requireNonNull(secretsManager);
        this.log = Objects.requireNonNull(log);
    }

    /** The version id staged {@code AWSCURRENT}, or empty (said in the log) when none is known. */
    public Optional<String> current() {
        Optional<String> arn;
        try {
            arn = outputs.load().get(StackOutputNames.ORIGIN_SECRET_ARN);
        } catch (StackNotDeployedException e) {
            log.info(
                    "First deploy of this stack: the origin lock's header is pinned to its"
                            + " secret's version from the next deploy on");
            return Optional.empty();
        } catch (TwinException e) {
            return unpinned(e.getMessage());
        }
        if (arn.isEmpty()) {
            log.info(
                    "The deployed stack has no "
                            + StackOutputNames.ORIGIN_SECRET_ARN
                            + " output yet: the origin lock's header is pinned from the next deploy on");
            return Optional.empty();
        }
        try {
            Map<String, List<String>> stages =
                    secretsManager
                            .get()
                            .describeSecret(b -> b.secretId(arn.get()))
                            .versionIdsToStages();
            Optional<String> current =
                    stages.entrySet().stream()
                            .filter(e -> e.getValue().contains(CURRENT_STAGE))
                            .map(Map.Entry::getKey)
                            .findFirst();
            if (current.isEmpty()) {
                return unpinned("no version of " + arn.get() + " is staged " + CURRENT_STAGE);
            }
            log.info("Origin lock: CloudFront sends the secret's version " + current.get());
            return current;
        } catch (SdkException e) {
            return unpinned(AwsClients.firstLine(e.getMessage()));
        }
    }

    private Optional<String> unpinned(String why) {
        log.warn(
                "Cannot read the origin lock secret's current version ("
                        + why
                        + "): the header CloudFront sends is not pinned by this deploy. After a"
                        + " rotation, check that CloudFront sends the new value (docs/SECURITY.md,"
                        + " \"Rotation\"); the deploying role needs secretsmanager:DescribeSecret on it");
        return Optional.empty();
    }
}
