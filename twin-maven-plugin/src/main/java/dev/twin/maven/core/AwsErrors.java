package dev.twin.maven.core;

import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns SDK client-side failures (no credentials, no region, endpoint unreachable) into typed, helpful errors. */
public final class AwsErrors {

    private AwsErrors() {}

    public static TwinException clientFailure(String operation, String target, SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Unable to load credentials")) {
            return new NoCredentialsException(null, null);
        }
        return new AwsRequestFailedException(operation, target, message, e);
    }
}
