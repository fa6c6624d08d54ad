package dev.twin.maven.cdn;

import dev.twin.maven.core.TwinException;

/** CloudFront has no distribution with the id from the stack outputs. */
public final class DistributionNotFoundException extends TwinException {

    private final String distributionId;

    public DistributionNotFoundException(String distributionId) {
        super(
                "CloudFront distribution "
                        + distributionId
                        + " does not exist — the outputs may be stale; run "
                        + "`mvn twin:deploy` or delete target/twin/<env>/outputs.json");
        this.distributionId = distributionId;
    }

    public String distributionId() {
        return distributionId;
    }
}
