package dev.twin.maven;

import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** Synthesizes, then shows what a deploy would change (cdk diff). */
@Mojo(name = "diff", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DiffMojo extends AbstractCdkMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        stackName();
        awsClients().requireCredentials();
        stackOperations().diff(synth());
    }

    @Override
    protected Map<String, String> deployed() {
        return originSecretVersion();
    }

    @Override
    protected String goal() {
        return "diff";
    }
}
