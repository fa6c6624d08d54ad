package dev.twin.maven.core;

import java.io.Console;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

/**
 * Picks the credentials provider the way the AWS CLI does: {@code -Dtwin.profile} (or {@code
 * AWS_PROFILE}) through the profile file — keys, SSO, assume-role, web identity, credential_process
 * — else the SDK's default chain; web identity is built here (see {@link #webIdentity}). The SDK
 * does not ask for MFA codes: an assume-role profile with {@code mfa_serial} is prompted for here,
 * in a terminal, and refused in batch mode.
 */
final class CredentialSources {

    private CredentialSources() {}

    static AwsCredentialsProvider forSettings(
            AwsSettings settings, Optional<Region> region, Supplier<StsClient> anonymousSts) {
        String name = profileName(settings);
        Optional<Profile> profile = profile(name);
        Optional<AwsCredentialsProvider> webIdentity =
                webIdentity(settings, profile, System.getenv(), anonymousSts);
        if (webIdentity.isPresent()) {
            return webIdentity.get();
        }
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
     * Web identity (GitHub OIDC and the like): a profile with {@code web_identity_token_file} and
     * {@code role_arn}, or {@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN} where the
     * default chain would reach them (no keys in the environment). Built here, rather than by the
     * SDK's profile factory, so that its STS call goes where this goal's STS calls go ({@code
     * AWS_ENDPOINT_URL_STS}, {@code twin.endpoint.sts}, the Maven proxy).
     */
    static Optional<AwsCredentialsProvider> webIdentity(
            AwsSettings settings,
            Optional<Profile> profile,
            Map<String, String> env,
            Supplier<StsClient> anonymousSts) {
        boolean envKeys = env.get("AWS_ACCESS_KEY_ID") != null;
        Optional<String> tokenFile = profile.flatMap(p -> p.property("web_identity_token_file"));
        Optional<String> roleArn = profile.flatMap(p -> p.property("role_arn"));
        Optional<String> session = profile.flatMap(p -> p.property("role_session_name"));
        if (tokenFile.isEmpty() || roleArn.isEmpty() || (settings.profile().isEmpty() && envKeys)) {
            if (settings.profile().isPresent() || envKeys) {
                return Optional.empty();
            }
            tokenFile = Optional.ofNullable(env.get("AWS_WEB_IDENTITY_TOKEN_FILE"));
            roleArn = Optional.ofNullable(env.get("AWS_ROLE_ARN"));
            session = Optional.ofNullable(env.get("AWS_ROLE_SESSION_NAME"));
            if (tokenFile.isEmpty() || roleArn.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(
                StsWebIdentityTokenFileCredentialsProvider.builder()
                        .stsClient(anonymousSts.get())
                        .roleArn(roleArn.get())
                        .roleSessionName(session.orElse("twin-maven-plugin"))
                        .webIdentityTokenFile(Path.of(tokenFile.get()))
                        .build());
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
