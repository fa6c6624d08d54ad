package dev.twin.maven.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.twin.maven.testing.CredentialProbe;
import dev.twin.maven.testing.LocalS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The credential sources the AWS CLI accepts, end to end: a goal's clients resolve an SSO profile
 * (against a stand-in SSO portal), an assume-role or web-identity profile (against a stand-in STS)
 * or a credential_process profile, and the credentials that come back are the ones that sign the S3
 * request s3proxy checks. Each case runs {@link CredentialProbe} in a child JVM with its own {@code
 * HOME}, profile files and {@code AWS_ENDPOINT_URL_*}: no {@code twin.endpoint.*} is set anywhere.
 */
class CredentialChainTest {

    private static final String ACCOUNT = "111122223333";
    private static final String ACCESS_TOKEN = "fixture-sso-access-token";
    private static final String SESSION_TOKEN = "fixture-session-token";

    @TempDir Path home;

    private final LocalS3 localS3 = LocalS3.get();
    private WireMockServer aws;
    private S3Client checker;
    private String bucket;

    @BeforeEach
    void start() {
        aws = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        aws.start();
        checker = localS3.checker();
        bucket = localS3.newBucket("creds");
    }

    @AfterEach
    void stop() {
        checker.close();
        aws.stop();
    }

    @Test
    void ssoSessionProfile_getsRoleCredentialsFromThePortal_andTheyAreWhatSignsS3()
            throws Exception {
        // Given an sso-session profile, a valid cached token, and a portal that hands out the keys
        // s3proxy accepts
        writeConfig(
                """
                [profile twin-sso]
                sso_session = corp
                sso_account_id = %s
                sso_role_name = TwinDeployer
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """
                        .formatted(ACCOUNT));
        cacheToken(sha1("corp"), "2099-01-01T00:00:00Z");
        aws.stubFor(
                get(urlPathEqualTo("/federation/credentials"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                """
                                                {"roleCredentials": {"accessKeyId": "%s",
                                                 "secretAccessKey": "%s", "sessionToken": "%s",
                                                 "expiration": 4102444800000}}
                                                """
                                                        .formatted(
                                                                LocalS3.ACCESS_KEY,
                                                                LocalS3.SECRET_KEY,
                                                                SESSION_TOKEN))));

        // When a goal's clients put an object with that profile
        Probe probe = probe("twin-sso", "batch");

        // Then the portal was asked with the cached token, and s3proxy took the signed PUT
        assertThat(probe.output).contains("PUT-OK");
        aws.verify(
                getRequestedFor(urlPathEqualTo("/federation/credentials"))
                        .withQueryParam("account_id", equalTo(ACCOUNT))
                        .withQueryParam("role_name", equalTo("TwinDeployer"))
                        .withHeader("x-amz-sso_bearer_token", equalTo(ACCESS_TOKEN)));
        assertThat(stored()).isEqualTo("signed by the probe");
    }

    @Test
    void expiredSsoToken_saysToRunAwsSsoLoginForTheProfile() throws Exception {
        // Given a legacy SSO profile whose cached token expired yesterday
        String startUrl = "https://corp.awsapps.com/start";
        writeConfig(
                """
                [profile twin-legacy]
                sso_start_url = %s
                sso_region = eu-west-1
                sso_account_id = %s
                sso_role_name = TwinDeployer
                region = eu-west-1
                """
                        .formatted(startUrl, ACCOUNT));
        cacheToken(sha1(startUrl), "2020-01-01T00:00:00Z");

        // When
        Probe probe = probe("twin-legacy", "batch");

        // Then the goal stops with the command to run, no stack trace, and nothing was asked
        assertThat(probe.exitCode).isEqualTo(3);
        assertThat(probe.output)
                .contains("SsoLoginRequiredException")
                .contains("run `aws sso login --profile twin-legacy`")
                .doesNotContain("\tat ");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    @Test
    void assumeRoleProfile_callsStsWithTheSourceProfile_andTheRoleCredentialsSignS3()
            throws Exception {
        // Given a role profile over a source profile with long-term keys (not those s3proxy takes)
        writeConfig(
                """
                [profile base]
                region = eu-west-1

                [profile twin-role]
                role_arn = arn:aws:iam::%s:role/TwinDeployer
                source_profile = base
                role_session_name = twin-test
                region = eu-west-1
                """
                        .formatted(ACCOUNT));
        Files.writeString(
                home.resolve(".aws/credentials"),
                """
                [base]
                aws_access_key_id = fixture-base-key
                aws_secret_access_key = fixture-base-secret
                """);
        aws.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(assumeRoleResponse())));

        // When
        Probe probe = probe("twin-role", "batch");

        // Then STS was asked for the role, signed by the source profile, and its keys signed S3
        assertThat(probe.output).contains("PUT-OK");
        aws.verify(
                postRequestedFor(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=AssumeRole"))
                        .withRequestBody(containing("RoleSessionName=twin-test"))
                        .withHeader("Authorization", containing("Credential=fixture-base-key/")));
        assertThat(stored()).isEqualTo("signed by the probe");
    }

    @Test
    void webIdentityProfile_exchangesTheTokenFileAtSts_andTheRoleCredentialsSignS3()
            throws Exception {
        // Given a web-identity profile (as GitHub OIDC sets it up) and its token file
        Path token = home.resolve("oidc-token");
        Files.writeString(token, "fixture-oidc-token");
        writeConfig(
                """
                [profile twin-ci]
                role_arn = arn:aws:iam::%s:role/TwinCi
                web_identity_token_file = %s
                role_session_name = twin-ci
                region = eu-west-1
                """
                        .formatted(ACCOUNT, token));
        aws.stubFor(
                post(urlPathEqualTo("/"))
                        .willReturn(
                                aResponse()
                                        .withHeader("Content-Type", "text/xml")
                                        .withBody(
                                                assumeRoleResponse()
                                                        .replace(
                                                                "AssumeRoleResponse",
                                                                "AssumeRoleWithWebIdentityResponse")
                                                        .replace(
                                                                "AssumeRoleResult",
                                                                "AssumeRoleWithWebIdentityResult"))));

        // When
        Probe probe = probe("twin-ci", "batch");

        // Then STS got the token from the file, and the role's keys signed the S3 request
        assertThat(probe.output).contains("PUT-OK");
        aws.verify(
                postRequestedFor(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
                        .withRequestBody(containing("WebIdentityToken=fixture-oidc-token")));
        assertThat(stored()).isEqualTo("signed by the probe");
    }

    @Test
    void credentialProcessProfile_runsTheProcess_andItsKeysSignS3() throws Exception {
        // Given a profile whose credentials come from a process (as 1Password or aws-vault provide)
        writeConfig(
                """
                [profile twin-process]
                credential_process = echo '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"}'
                region = eu-west-1
                """
                        .formatted(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY));

        // When
        Probe probe = probe("twin-process", "batch");

        // Then
        assertThat(probe.output).contains("PUT-OK");
        assertThat(stored()).isEqualTo("signed by the probe");
    }

    @Test
    void mfaRoleProfile_inBatchMode_isRefusedWithWhatToDo_andNothingIsCalled() throws Exception {
        // Given a role profile that needs an MFA code
        writeConfig(
                """
                [profile base]
                region = eu-west-1

                [profile twin-mfa]
                role_arn = arn:aws:iam::%s:role/TwinDeployer
                source_profile = base
                mfa_serial = arn:aws:iam::%s:mfa/ana
                """
                        .formatted(ACCOUNT, ACCOUNT));

        // When run as in CI (mvn -B)
        Probe probe = probe("twin-mfa", "batch");

        // Then
        assertThat(probe.exitCode).isEqualTo(3);
        assertThat(probe.output)
                .contains("MfaRequiredException")
                .contains("'twin-mfa'")
                .contains("batch mode")
                .contains("arn:aws:iam::" + ACCOUNT + ":mfa/ana");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    private void writeConfig(String config) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), config);
    }

    private void cacheToken(String name, String expiresAt) throws IOException {
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        Files.writeString(
                cache.resolve(name + ".json"),
                """
                {"accessToken": "%s", "expiresAt": "%s", "region": "eu-west-1",
                 "startUrl": "https://corp.awsapps.com/start"}
                """
                        .formatted(ACCESS_TOKEN, expiresAt));
    }

    private String stored() {
        return checker.getObjectAsBytes(b -> b.bucket(bucket).key("probe.txt")).asUtf8String();
    }

    private static String assumeRoleResponse() {
        return """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleResult>
                    <Credentials>
                      <AccessKeyId>%s</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>2099-01-01T00:00:00Z</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <AssumedRoleId>AROATWIN:twin-test</AssumedRoleId>
                      <Arn>arn:aws:sts::%s:assumed-role/TwinDeployer/twin-test</Arn>
                    </AssumedRoleUser>
                  </AssumeRoleResult>
                  <ResponseMetadata><RequestId>fixture-1</RequestId></ResponseMetadata>
                </AssumeRoleResponse>
                """
                .formatted(LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY, SESSION_TOKEN, ACCOUNT);
    }

    private record Probe(int exitCode, String output) {}

    /**
     * Runs the probe in a child JVM whose home, profile files and AWS endpoints are this test's.
     */
    private Probe probe(String profile, String mode) throws Exception {
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                classpath,
                                CredentialProbe.class.getName(),
                                bucket,
                                "probe.txt",
                                profile,
                                mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL_SSO", aws.baseUrl());
        env.put("AWS_ENDPOINT_URL_STS", aws.baseUrl());
        env.put("AWS_ENDPOINT_URL_S3", localS3.endpoint().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Probe(process.exitValue(), output);
    }

    private static String sha1(String value) throws Exception {
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-1")
                                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
