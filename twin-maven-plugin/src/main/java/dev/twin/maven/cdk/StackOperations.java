package dev.twin.maven.cdk;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsErrors;
import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.StackName;
import dev.twin.maven.core.StackNotDeployedException;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.core.TwinPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.s3.model.BucketLoggingStatus;

/**
 * deploy, diff, bootstrap and destroy of one twin stack through the pinned CDK CLI, with the checks
 * that make them fail fast and helpfully (credentials before anything spawns, confirmation for
 * prod).
 */
public final class StackOperations {

    private final CdkCli cli;
    private final AwsClients clients;
    private final TwinPaths paths;
    private final StackName stack;
    private final TwinLog log;

    public StackOperations(
            CdkCli cli, AwsClients clients, TwinPaths paths, StackName stack, TwinLog log) {
        this.cli = Objects.requireNonNull(cli);
        this.clients = Objects.requireNonNull(clients);
        this.paths = Objects.requireNonNull(paths);
        this.stack = Objects.requireNonNull(stack);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * Deploys the synthesized assembly; the CLI writes the outputs to {@code
     * target/twin/<env>/outputs.json}.
     */
    public StackOutputs deploy(Path cdkOut, Approval approval) {
        clients.requireCredentials();
        createParent(paths.outputsFile());
        // With broadening the CLI may ask on the terminal before widening access: it reads stdin.
        cli.run(
                approval == Approval.BROADENING,
                "deploy",
                List.of(
                        stack.value(),
                        "--app",
                        cdkOut.toString(),
                        "--require-approval",
                        approval.cliValue(),
                        "--outputs-file",
                        paths.outputsFile().toString(),
                        "--progress",
                        "events"));
        return StackOutputs.read(paths.outputsFile(), stack.value())
                .orElseThrow(() -> new StackNotDeployedException(stack.value(), stack.env()));
    }

    public void diff(Path cdkOut) {
        clients.requireCredentials();
        cli.run("diff", List.of(stack.value(), "--app", cdkOut.toString()));
    }

    /**
     * Bootstraps the account/region of the credentials (or of the assembly's stacks when one
     * exists).
     */
    public void bootstrap(Optional<Path> cdkOut) {
        clients.requireCredentials();
        List<String> args = new ArrayList<>();
        cdkOut.filter(dir -> Files.isRegularFile(dir.resolve("manifest.json")))
                .ifPresent(dir -> args.addAll(List.of("--app", dir.toString())));
        cli.run("bootstrap", args);
    }

    /**
     * Destroys the stack. dev and staging: every bucket of the stack is emptied first (versions and
     * delete markers too), since the stack has no auto-delete custom resource. prod: nothing is
     * emptied, what stays is listed, and {@code confirmation} must equal the stack name.
     */
    public void destroy(Path cdkOut, String confirmation) {
        if (stack.env().isProtected()
                && !stack.value().equals(confirmation == null ? null : confirmation.strip())) {
            throw new ConfirmationRequiredException(stack.value(), confirmation);
        }
        clients.requireCredentials();
        List<StackResource> resources = resources();
        if (stack.env().isProtected()) {
            List<StackResource> kept = resources.stream().filter(StackResource::holdsData).toList();
            log.warn(
                    "Destroying production stack "
                            + stack
                            + ": nothing is emptied; these are retained and stay "
                            + "after the stack is gone (delete them yourself when you are sure):");
            kept.forEach(r -> log.warn("  " + r.type() + " " + r.physicalId()));
        } else {
            stopLogSources(resources);
            BucketEmptier emptier = new BucketEmptier(clients.s3(), log);
            for (StackResource bucket :
                    resources.stream().filter(StackResource::isBucket).toList()) {
                log.info(
                        "Emptying bucket " + bucket.physicalId() + " (" + bucket.logicalId() + ")");
                emptier.emptyUntilQuiet(bucket.physicalId());
            }
        }
        destroyStack(cdkOut, resources);
        try {
            Files.deleteIfExists(paths.outputsFile());
            Files.deleteIfExists(paths.lastPublishFile());
        } catch (IOException e) {
            log.warn("Could not delete " + paths.outputsFile() + ": " + e.getMessage());
        }
    }

    /** How often a dev/staging destroy is retried when a bucket filled again during it. */
    static final int DESTROY_ATTEMPTS = 3;

    /**
     * {@code cdk destroy}; in dev and staging, a failure because log objects arrived in a bucket
     * after it was emptied (deliveries lag) empties the buckets again and retries, so one command
     * finishes the job.
     */
    private void destroyStack(Path cdkOut, List<StackResource> resources) {
        List<String> args = List.of(stack.value(), "--app", cdkOut.toString(), "--force");
        for (int attempt = 1; ; attempt++) {
            try {
                cli.run("destroy", args);
                return;
            } catch (CdkCommandFailedException e) {
                if (!e.bucketNotEmpty()
                        || stack.env().isProtected()
                        || attempt >= DESTROY_ATTEMPTS) {
                    throw e;
                }
                log.info(
                        "A bucket received objects during the destroy (log delivery); emptying"
                                + " again and retrying ("
                                + attempt
                                + "/"
                                + (DESTROY_ATTEMPTS - 1)
                                + ")");
                stopLogSources(resources);
                BucketEmptier emptier = new BucketEmptier(clients.s3(), log);
                resources.stream()
                        .filter(StackResource::isBucket)
                        .forEach(b -> emptier.emptyUntilQuiet(b.physicalId()));
            }
        }
    }

    /**
     * Turns off what writes into the stack's buckets while they are emptied: S3 server access
     * logging of each bucket, and CloudFront standard logging. Best effort: a source that cannot be
     * stopped only means more rounds of emptying.
     */
    void stopLogSources(List<StackResource> resources) {
        for (StackResource r : resources) {
            try {
                if (r.isBucket()) {
                    clients.s3()
                            .putBucketLogging(
                                    b ->
                                            b.bucket(r.physicalId())
                                                    .bucketLoggingStatus(
                                                            BucketLoggingStatus.builder().build()));
                } else if (StackResource.DISTRIBUTION.equals(r.type())) {
                    stopDistributionLogging(r.physicalId());
                }
            } catch (SdkException e) {
                log.debug(
                        "Could not stop logging of "
                                + r.physicalId()
                                + " ("
                                + e.getMessage()
                                + "); emptying copes");
            }
        }
    }

    private void stopDistributionLogging(String distributionId) {
        CloudFrontClient cloudFront = clients.cloudFront();
        GetDistributionConfigResponse current =
                cloudFront.getDistributionConfig(b -> b.id(distributionId));
        DistributionConfig config = current.distributionConfig();
        if (config.logging() == null || !Boolean.TRUE.equals(config.logging().enabled())) {
            return;
        }
        DistributionConfig off =
                config.toBuilder()
                        .logging(
                                config.logging().toBuilder()
                                        .enabled(false)
                                        .bucket("")
                                        .prefix("")
                                        .includeCookies(false)
                                        .build())
                        .build();
        cloudFront.updateDistribution(
                b -> b.id(distributionId).ifMatch(current.eTag()).distributionConfig(off));
        log.info("Turned off CloudFront standard logging of " + distributionId);
    }

    /**
     * The stack's resources as CloudFormation lists them now (empty when the stack does not exist).
     */
    public List<StackResource> resources() {
        try {
            CloudFormationClient cfn = clients.cloudFormation();
            List<StackResource> out = new ArrayList<>();
            cfn.listStackResourcesPaginator(b -> b.stackName(stack.value()))
                    .stackResourceSummaries()
                    .forEach(
                            s ->
                                    out.add(
                                            new StackResource(
                                                    s.resourceType(),
                                                    s.logicalResourceId(),
                                                    s.physicalResourceId())));
            return out;
        } catch (CloudFormationException e) {
            String message =
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                log.info("Stack " + stack + " does not exist; nothing to empty");
                return List.of();
            }
            throw new AwsRequestFailedException("ListStackResources", stack.value(), message, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure("ListStackResources", stack.value(), e);
        }
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
