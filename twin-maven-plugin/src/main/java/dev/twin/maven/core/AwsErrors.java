package dev.twin.maven.core;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK client-side failures (no credentials, no region, endpoint unreachable) into typed,
 * helpful errors.
 */
public final class AwsErrors {

    private AwsErrors() {}

    public static TwinException clientFailure(
            String operation, String target, SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new NoCredentialsException(null, null);
        }
        return new AwsRequestFailedException(operation, target, message, e);
    }

    /**
     * Runs one S3 request against {@code bucket}, turning its failures into the typed errors above.
     */
    public static <T> T s3(String operation, String bucket, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchBucketException e) {
            throw new BucketNotFoundException(bucket);
        } catch (S3Exception e) {
            String reason =
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorCode()
                                    + ": "
                                    + e.awsErrorDetails().errorMessage();
            throw new AwsRequestFailedException(operation, "s3://" + bucket, reason, e);
        } catch (SdkClientException e) {
            throw clientFailure(operation, "s3://" + bucket, e);
        }
    }
}
