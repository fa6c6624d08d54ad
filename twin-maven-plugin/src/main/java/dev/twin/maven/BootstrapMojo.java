package dev.twin.maven;

import dev.twin.maven.cdk.StackOperations;
import java.io.File;
import java.nio.file.Files;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Bootstraps the AWS account and region for the CDK (once per account/region; cdk bootstrap). */
@Mojo(name = "bootstrap", requiresProject = false, threadSafe = true)
public class BootstrapMojo extends AbstractAwsMojo {

    /** Where the CDK CLI is installed once per version; default ~/.cache/twin/aws-cdk. */
    @Parameter(property = TwinProperties.CDK_CACHE_DIR)
    protected File cdkCacheDir;

    /** The npm aws-cdk version to run; default: the version this plugin was tested with. */
    @Parameter(property = TwinProperties.CDK_CLI_VERSION)
    protected String cdkCliVersion;

    @Override
    protected void run() throws MojoExecutionException {
        var cdkOut = paths().cdkOut();
        var cli = CdkCliFactory.create(cdkCacheDir, cdkCliVersion, session, profile, region, log());
        new StackOperations(cli, awsClients(), paths(), stackName(), log())
                .bootstrap(Files.isDirectory(cdkOut) ? Optional.of(cdkOut) : Optional.empty());
    }

    @Override
    protected String goal() {
        return "bootstrap";
    }
}
