package dev.twin.maven.core;

import java.io.Console;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Picks the credentials provider the way the AWS CLI does: {@code -Dtwin.profile} (or {@code
 * AWS_PROFILE}) through the profile file — keys, SSO, assume-role, web identity, credential_process
 * — else the SDK's default chain. The SDK does not ask for MFA codes: an assume-role profile with
 * {@code mfa_serial} is prompted for here, in a terminal, and refused in batch mode.
 */
final class CredentialSources {

    private CredentialSources() {}

    static AwsCredentialsProvider forSettings(AwsSettings settings, Optional<Region> region) {
        String name = profileName(settings);
        Optional<Profile> profile = profile(name);
        Optional<String> mfaSerial = profile.flatMap(p -> p.property("mfa_serial"));
        Optional<String> roleArn = profile.flatMap(p -> p.property("role_arn"));
        if (mfaSerial.isPresent() && roleArn.isPresent()) {
            return withMfa(settings, name, profile.get(), roleArn.get(), mfaSerial.get(), region);
        }
        if (settings.profile().isPresent()) {
            return ProfileCredentialsProvider.builder().profileName(name).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The profile in effect: {@code -Dtwin.profile}, else AWS_PROFILE / aws.profile, else default.
     */
    static String profileName(AwsSettings settings) {
        return settings.profile()
                .orElseGet(
                        () ->
                                ProfileFileSystemSetting.AWS_PROFILE
                                        .getStringValue()
                                        .orElse("default"));
    }

    static Optional<Profile> profile(String name) {
        try {
            return ProfileFile.defaultProfileFile().profile(name);
        } catch (SdkException | IllegalStateException e) {
            return Optional.empty(); // no or unreadable profile files: the chain reports it
        }
    }

    /** Whether the profile signs in through IAM Identity Center (legacy or sso-session). */
    static boolean usesSso(String name) {
        return profile(name)
                .map(
                        p ->
                                p.property("sso_session").isPresent()
                                        || p.property("sso_start_url").isPresent())
                .orElse(false);
    }

    private static AwsCredentialsProvider withMfa(
            AwsSettings settings,
            String name,
            Profile profile,
            String roleArn,
            String mfaSerial,
            Optional<Region> region) {
        Console console = System.console();
        if (!settings.interactive() || console == null) {
            throw new MfaRequiredException(name, mfaSerial);
        }
        char[] code = console.readPassword("MFA code for %s (%s): ", name, mfaSerial);
        if (code == null || code.length == 0) {
            throw new MfaRequiredException(name, mfaSerial);
        }
        AwsCredentialsProvider source =
                profile.property("source_profile")
                        .<AwsCredentialsProvider>map(
                                s -> ProfileCredentialsProvider.builder().profileName(s).build())
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        StsClient sts =
                StsClient.builder()
                        .credentialsProvider(source)
                        .region(region.orElse(Region.US_EAST_1))
                        .build();
        String tokenCode = new String(code);
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(
                        r ->
                                r.roleArn(roleArn)
                                        .roleSessionName(
                                                profile.property("role_session_name")
                                                        .orElse("twin-maven-plugin"))
                                        .serialNumber(mfaSerial)
                                        .tokenCode(tokenCode))
                .build();
    }
}
