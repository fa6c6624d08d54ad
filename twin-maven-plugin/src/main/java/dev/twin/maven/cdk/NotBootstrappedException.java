package dev.twin.maven.cdk;

import dev.twin.maven.core.TwinException;
import dev.twin.maven.core.UserMistake;

/**
 * The account/region has no CDK bootstrap stack (CDKToolkit), which deployments need for their
 * assets.
 */
public final class NotBootstrappedException extends TwinException implements UserMistake {

    private final String detail;

    public NotBootstrappedException(String detail) {
        super(
                "This AWS account/region is not bootstrapped for the CDK ("
                        + detail
                        + ") — run `mvn twin:bootstrap` "
                        + "once per account and region, then deploy again");
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
