package dev.twin.maven.core;

/** An assume-role profile needs an MFA code, and nothing may prompt for one (batch mode). */
public final class MfaRequiredException extends TwinException implements UserMistake {

    public MfaRequiredException(String profile, String mfaSerial) {
        super(
                "Profile '"
                        + profile
                        + "' assumes its role with MFA ("
                        + mfaSerial
                        + "), and Maven runs in batch mode, where no code can be asked for — run the goal"
                        + " without -B in a terminal, or get session credentials first (`aws sts"
                        + " get-session-token --serial-number "
                        + mfaSerial
                        + " --token-code <code>`, then AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/"
                        + "AWS_SESSION_TOKEN), or use a profile without mfa_serial in CI");
    }
}
