package dev.twin.maven.cdn;

import dev.twin.maven.core.AwsErrors;
import dev.twin.maven.core.AwsRequestFailedException;
import dev.twin.maven.core.TwinLog;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Puts the LLM API key into the stack's secret as a new version; the key never reaches a log or an
 * error.
 */
public final class ApiKeySetter {

    private final SecretsManagerClient secrets;
    private final TwinLog log;

    public ApiKeySetter(SecretsManagerClient secrets, TwinLog log) {
        this.secrets = Objects.requireNonNull(secrets);
        this.log = Objects.requireNonNull(log);
    }

    /** Returns the new secret version id. */
    public String put(String secretId, ApiKey key) {
        PutSecretValueResponse response;
        try {
            response = secrets.putSecretValue(b -> b.secretId(secretId).secretString(key.reveal()));
        } catch (ResourceNotFoundException e) {
            throw new SecretNotFoundException(secretId);
        } catch (SecretsManagerException e) {
            // The service never echoes the secret value, but the error code alone is all the user
            // needs.
            String reason =
                    e.awsErrorDetails() == null
                            ? "status " + e.statusCode()
                            : e.awsErrorDetails().errorCode();
            throw new AwsRequestFailedException("PutSecretValue", secretId, reason, null);
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure("PutSecretValue", secretId, e);
        }
        log.info(
                "Stored the API key in "
                        + secretId
                        + " (version "
                        + response.versionId()
                        + "); the Lambda picks it up on its next cold start");
        return response.versionId();
    }
}
