package dev.twin.runtime.adapter.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.twin.contract.RuntimeEnv;
import dev.twin.runtime.adapter.aws.AwsClients;
import dev.twin.runtime.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The API key from a Secrets Manager secret ({@code TWIN_API_KEY_SECRET_ARN}), fetched with ONE
 * GetSecretValue on first use and kept for the life of the process (a Lambda environment lives
 * minutes to hours; rotate by redeploying or waiting for new environments). The secret holds the
 * key as plain text or as JSON {@code {"api_key": "..."}}. A failed fetch is not cached.
 */
public final class SecretsManagerApiKeySource implements ApiKeySource {

    /**
     * Fetched once per environment, inside the model call's budget: 2 attempts of 1.5 s, 4 s in
     * all.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);
    public static final int MAX_ATTEMPTS = 2;

    private final SecretsManagerClient client;
    private final String secretArn;
    private volatile String key;

    public SecretsManagerApiKeySource(SecretsManagerClient client, String secretArn) {
        this.client = Objects.requireNonNull(client, "client");
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalArgumentException(
                    RuntimeEnv.API_KEY_SECRET_ARN + " is blank; set it to the secret's ARN");
        }
        this.secretArn = secretArn.strip();
    }

    /** The client for this source: url-connection HTTP client, region from {@code AWS_REGION}. */
    public static SecretsManagerClient client(URI endpoint, AwsCredentialsProvider credentials) {
        return client(endpoint, credentials, ATTEMPT_TIMEOUT);
    }

    /**
     * As {@link #client(URI, AwsCredentialsProvider)} with another attempt timeout (tests of
     * timeouts).
     */
    public static SecretsManagerClient client(
            URI endpoint, AwsCredentialsProvider credentials, Duration attemptTimeout) {
        Duration call = attemptTimeout.multipliedBy(MAX_ATTEMPTS).plusSeconds(1);
        return AwsClients.configure(
                        SecretsManagerClient.builder(),
                        endpoint,
                        credentials,
                        CONNECT_TIMEOUT,
                        attemptTimeout,
                        attemptTimeout,
                        call.compareTo(CALL_TIMEOUT) < 0 ? call : CALL_TIMEOUT,
                        MAX_ATTEMPTS)
                .build();
    }

    @Override
    public String apiKey() {
        String k = key;
        return k != null ? k : fetch();
    }

    private synchronized String fetch() {
        if (key != null) {
            return key;
        }
        GetSecretValueResponse r;
        try {
            r = client.getSecretValue(b -> b.secretId(secretArn));
        } catch (SecretsManagerException e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            boolean denied = status == 400 || status == 403 || status == 404;
            throw new ApiKeyUnavailableException(
                    secretArn,
                    "cannot read the API key secret "
                            + secretArn
                            + ": "
                            + status
                            + " "
                            + code
                            + (denied
                                    ? " - check TWIN_API_KEY_SECRET_ARN, that the secret has a value"
                                            + " (mvn twin:set-api-key), and that the function's role may secretsmanager:GetSecretValue it"
                                    : ""),
                    denied,
                    e);
        } catch (SdkException e) {
            throw new ApiKeyUnavailableException(
                    secretArn,
                    "cannot reach Secrets Manager for "
                            + secretArn
                            + ": "
                            + e.getClass().getSimpleName(),
                    false,
                    e);
        }
        String raw =
                r.secretString() != null
                        ? r.secretString()
                        : r.secretBinary() != null
                                ? r.secretBinary().asString(StandardCharsets.UTF_8)
                                : null;
        String parsed = parse(raw);
        key = parsed;
        return parsed;
    }

    /**
     * Plain text, or JSON with an {@code api_key} string. The value itself never reaches a message.
     */
    private String parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.startsWith("{")) {
            String found = null;
            try (JsonParser p = Json.parser(s.getBytes(StandardCharsets.UTF_8))) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("api_key".equals(field) && v == JsonToken.VALUE_STRING) {
                        found = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new ApiKeyUnavailableException(
                        secretArn,
                        "the secret "
                                + secretArn
                                + " starts with '{' but is not"
                                + " valid JSON; store the key as plain text or as {\"api_key\": \"...\"}",
                        true,
                        null);
            }
            if (found == null || found.isBlank()) {
                throw new ApiKeyUnavailableException(
                        secretArn,
                        "the secret "
                                + secretArn
                                + " is JSON without an"
                                + " \"api_key\" string; store the key as plain text or as {\"api_key\": \"...\"}",
                        true,
                        null);
            }
            return found.strip();
        }
        if (s.isEmpty()) {
            throw new ApiKeyUnavailableException(
                    secretArn,
                    "the secret "
                            + secretArn
                            + " is empty; set the key with"
                            + " mvn twin:set-api-key",
                    true,
                    null);
        }
        return s;
    }

    @Override
    public String toString() {
        return "SecretsManagerApiKeySource[" + secretArn + "]";
    }
}
