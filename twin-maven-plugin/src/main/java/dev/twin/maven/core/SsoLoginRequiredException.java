package dev.twin.maven.core;

/** The profile signs in through IAM Identity Center, and its cached token is missing or expired. */
public final class SsoLoginRequiredException extends TwinException implements UserMistake {

    public SsoLoginRequiredException(String profile, String detail) {
        super(
                "The IAM Identity Center (SSO) session of profile '"
                        + profile
                        + "' has expired or was never started — run `aws sso login --profile "
                        + profile
                        + "` and try again"
                        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
    }
}
