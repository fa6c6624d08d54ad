package dev.twin.maven;

import java.nio.file.Files;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/** Bootstraps the AWS account and region for the CDK (once per account/region; cdk bootstrap). */
@Mojo(name = "bootstrap", requiresProject = false, threadSafe = true)
public class BootstrapMojo extends AbstractCdkMojo {

    @Override
    protected void run() throws MojoExecutionException {
        var cdkOut = paths().cdkOut();
        stackOperations(awsClients())
                .bootstrap(Files.isDirectory(cdkOut) ? Optional.of(cdkOut) : Optional.empty());
    }

    @Override
    protected String goal() {
        return "bootstrap";
    }
}
