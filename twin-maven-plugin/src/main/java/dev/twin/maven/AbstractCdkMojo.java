package dev.twin.maven;

import dev.twin.maven.cdk.CdkCli;
import dev.twin.maven.cdk.StackOperations;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** Base of the goals that synthesize the stack and drive the CDK CLI (diff, deploy, destroy). */
public abstract class AbstractCdkMojo extends AbstractSynthMojo {

    /** Where the CDK CLI is installed once per version; default ~/.cache/twin/aws-cdk. */
    @Parameter(property = TwinProperties.CDK_CACHE_DIR)
    protected File cdkCacheDir;

    /** The npm aws-cdk version to run; default: the version this plugin was tested with. */
    @Parameter(property = TwinProperties.CDK_CLI_VERSION)
    protected String cdkCliVersion;

    protected CdkCli cdkCli() {
        return CdkCliFactory.create(cdkCacheDir, cdkCliVersion, session, profile, region, log());
    }

    protected StackOperations stackOperations() {
        return new StackOperations(cdkCli(), awsClients(), paths(), stackName(), log());
    }
}
