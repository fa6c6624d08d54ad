package dev.twin.maven.cdn;

import dev.twin.maven.core.TwinException;

/** Secrets Manager has no secret with the ARN from the stack outputs. */
public final class SecretNotFoundException extends TwinException {

    private final String secretId;

    public SecretNotFoundException(String secretId) {
        super(
                "Secret "
                        + secretId
                        + " does not exist — deploy the stack first (`mvn twin:deploy`), "
                        + "or delete a stale target/twin/<env>/outputs.json");
        this.secretId = secretId;
    }

    public String secretId() {
        return secretId;
    }
}
