package dev.twin.maven.core;

/**
 * An AWS call failed for a reason the plugin cannot fix itself (permissions, throttling, a service
 * error).
 */
public final class AwsRequestFailedException extends TwinException {

    private final String operation;

    public AwsRequestFailedException(
            String operation, String target, String reason, Throwable cause) {
        super(operation + " on " + target + " failed: " + reason + hintFor(reason), cause);
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }

    private static String hintFor(String reason) {
        String r = reason == null ? "" : reason;
        if (r.contains("AccessDenied") || r.contains("not authorized") || r.contains("403")) {
            return " — the AWS identity in use lacks permission; check -Dtwin.profile / AWS_PROFILE";
        }
        if (r.contains("Unable to load credentials") || r.contains("Unable to load region")) {
            return " — configure AWS credentials and region (aws configure, AWS_PROFILE, or -Dtwin.profile/-Dtwin.region)";
        }
        return "";
    }
}
