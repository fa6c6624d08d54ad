package dev.twin.maven.core;

/**
 * No AWS credentials could be found on the standard chain (environment, profile, SSO, instance
 * role).
 */
public final class NoCredentialsException extends TwinException implements UserMistake {

    private final String profile;

    public NoCredentialsException(String profile, String detail) {
        super(
                "No AWS credentials found"
                        + (profile == null ? "" : " for profile '" + profile + "'")
                        + " — run `aws configure` (or `aws sso login`), set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                        + "or pick a profile with -Dtwin.profile=<name>"
                        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.profile = profile;
    }

    public String profile() {
        return profile;
    }
}
