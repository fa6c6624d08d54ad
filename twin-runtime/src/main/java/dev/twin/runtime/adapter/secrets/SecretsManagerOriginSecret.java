package dev.twin.runtime.adapter.secrets;

import dev.twin.runtime.http.OriginSecret;
import dev.twin.runtime.port.OriginSecretSource;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Adapter: the origin-lock values from a Secrets Manager secret ({@code TWIN_ORIGIN_SECRET_ARN})
 * holding {@code {"current","previous"}}, one GetSecretValue per load. The function's role may read
 * only this secret (TwinIam's {@code ReadOriginSecret}).
 */
public final class SecretsManagerOriginSecret implements OriginSecretSource {

    private final Supplier<SecretsManagerClient> clients;
    private final String secretArn;
    private SecretsManagerClient client;

    public SecretsManagerOriginSecret(SecretsManagerClient client, String secretArn) {
        this(() -> client, secretArn);
        Objects.requireNonNull(client, "client");
    }

    /**
     * A source whose client is built at the first load: a local run that happens to have {@code
     * TWIN_ORIGIN_SECRET_ARN} set (the dev server never checks it) needs no AWS region.
     */
    public SecretsManagerOriginSecret(Supplier<SecretsManagerClient> clients, String secretArn) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.secretArn = Objects.requireNonNull(secretArn, "secretArn").strip();
    }

    private synchronized SecretsManagerClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    @Override
    public OriginSecret load() {
        GetSecretValueResponse r;
        try {
            r = client().getSecretValue(b -> b.secretId(secretArn));
        } catch (SecretsManagerException e) {
            throw new OriginSecretUnavailableException(
                    "cannot read the origin secret "
                            + secretArn
                            + ": "
                            + e.statusCode()
                            + " "
                            + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "")
                            + " - check TWIN_ORIGIN_SECRET_ARN and that the function's role may"
                            + " secretsmanager:GetSecretValue it",
                    e);
        } catch (SdkException e) {
            throw new OriginSecretUnavailableException(
                    "cannot reach Secrets Manager for "
                            + secretArn
                            + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
        if (r.secretString() == null) {
            throw new OriginSecretUnavailableException(
                    "the origin secret " + secretArn + " has no string value", null);
        }
        try {
            return OriginSecret.parse(r.secretString());
        } catch (IllegalArgumentException e) {
            throw new OriginSecretUnavailableException(secretArn + ": " + e.getMessage(), null);
        }
    }

    @Override
    public String describe() {
        return "secret " + secretArn;
    }
}
