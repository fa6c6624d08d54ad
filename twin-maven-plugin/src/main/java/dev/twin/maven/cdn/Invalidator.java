package dev.twin.maven.cdn;

import dev.twin.maven.core.AwsErrors;
import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.TwinLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.GetInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.NoSuchDistributionException;
import software.amazon.awssdk.services.cloudfront.waiters.CloudFrontWaiter;

/**
 * Creates a CloudFront invalidation for what the last publish changed, optionally waiting for it to
 * complete.
 */
public final class Invalidator {

    public static final String EVERYTHING = "/*";
    private static final String COMPLETED = "Completed";

    private final CloudFrontClient cloudFront;
    private final InvalidationConfig config;
    private final TwinLog log;

    public Invalidator(CloudFrontClient cloudFront, InvalidationConfig config, TwinLog log) {
        this.cloudFront = Objects.requireNonNull(cloudFront);
        this.config = Objects.requireNonNull(config);
        this.log = Objects.requireNonNull(log);
    }

    public InvalidationResult invalidate() {
        List<String> paths = paths();
        if (paths.isEmpty()) {
            log.info("The last publish changed nothing; no invalidation needed");
            return InvalidationResult.nothingToDo();
        }
        // Unique per run, so a retried build never gets "InvalidationBatchAlreadyExists" for a
        // different batch.
        String callerReference = "twin-" + Instant.now().toEpochMilli() + "-" + UUID.randomUUID();
        CreateInvalidationResponse created =
                call(
                        "CreateInvalidation",
                        () ->
                                cloudFront.createInvalidation(
                                        b ->
                                                b.distributionId(config.distributionId())
                                                        .invalidationBatch(
                                                                batch ->
                                                                        batch.callerReference(
                                                                                        callerReference)
                                                                                .paths(
                                                                                        p ->
                                                                                                p.quantity(
                                                                                                                paths
                                                                                                                        .size())
                                                                                                        .items(
                                                                                                                paths)))));
        String id = created.invalidation().id();
        String status = created.invalidation().status();
        log.info(
                "Invalidation "
                        + id
                        + " of "
                        + config.distributionId()
                        + " for "
                        + describe(paths)
                        + ": "
                        + status);
        if (!config.waitForCompletion() || COMPLETED.equals(status)) {
            return new InvalidationResult(Optional.of(id), paths, status);
        }
        // The SDK's waiter polls GetInvalidation at the configured interval until Completed or the
        // timeout; its errors (a distribution gone meanwhile) arrive as the call's exceptions.
        WaiterOverrideConfiguration waiting =
                WaiterOverrideConfiguration.builder()
                        .waitTimeout(config.timeout())
                        .maxAttempts(Integer.MAX_VALUE)
                        .backoffStrategyV2(
                                BackoffStrategy.fixedDelayWithoutJitter(config.pollInterval()))
                        .build();
        try (CloudFrontWaiter waiter =
                CloudFrontWaiter.builder()
                        .client(cloudFront)
                        .overrideConfiguration(waiting)
                        .build()) {
            WaiterResponse<GetInvalidationResponse> done =
                    call(
                            "GetInvalidation",
                            () -> {
                                try {
                                    return waiter.waitUntilInvalidationCompleted(
                                            b -> b.distributionId(config.distributionId()).id(id));
                                } catch (SdkClientException e) {
                                    if (String.valueOf(e.getMessage())
                                            .contains("exceeded the max")) {
                                        throw new InvalidationTimeoutException(
                                                config.distributionId(), id, config.timeout());
                                    }
                                    throw e;
                                }
                            });
            status =
                    done.matched().response().map(r -> r.invalidation().status()).orElse(COMPLETED);
        }
        log.info("Invalidation " + id + ": " + status);
        return new InvalidationResult(Optional.of(id), paths, status);
    }

    /**
     * The paths to send: the changed ones (encoded), or one wildcard when unknown or past the
     * threshold.
     */
    List<String> paths() {
        if (config.changedPaths().isEmpty()) {
            return List.of(EVERYTHING);
        }
        List<String> changed = config.changedPaths().get();
        if (changed.size() > config.maxPaths()) {
            return List.of(EVERYTHING);
        }
        return changed.stream().map(Invalidator::encode).distinct().sorted().toList();
    }

    /** CloudFront wants paths URL-encoded as the viewer requests them (a space is {@code %20}). */
    static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "/-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String describe(List<String> paths) {
        return paths.size() <= 5 ? String.join(", ", paths) : paths.size() + " paths";
    }

    private <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchDistributionException e) {
            throw new DistributionNotFoundException(config.distributionId());
        } catch (CloudFrontException e) {
            String reason =
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorCode()
                                    + ": "
                                    + e.awsErrorDetails().errorMessage();
            throw new AwsRequestFailedException(
                    operation, "distribution " + config.distributionId(), reason, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure(operation, "distribution " + config.distributionId(), e);
        }
    }
}
