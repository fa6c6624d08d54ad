package dev.twin.maven.cdn;

import dev.twin.maven.core.TwinException;
import java.time.Duration;

/**
 * The invalidation did not complete within the wait timeout (it goes on in CloudFront regardless).
 */
public final class InvalidationTimeoutException extends TwinException {

    private final String invalidationId;

    public InvalidationTimeoutException(
            String distributionId, String invalidationId, Duration timeout) {
        super(
                "Invalidation "
                        + invalidationId
                        + " of distribution "
                        + distributionId
                        + " is still in progress after "
                        + timeout.toSeconds()
                        + " s — it completes on its own; raise -Dtwin.waitTimeout (seconds) to wait longer");
        this.invalidationId = invalidationId;
    }

    public String invalidationId() {
        return invalidationId;
    }
}
