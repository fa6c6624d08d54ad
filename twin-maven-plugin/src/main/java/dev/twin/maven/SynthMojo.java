package dev.twin.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Synthesizes the cloud assembly into target/cdk.out: DigitalTwinStack from this configuration, or
 * the project's own CDK app class. The runtime's lambda jar is resolved as
 * dev.twin:twin-runtime:jar:lambda of the plugin's version.
 */
@Mojo(name = "synth", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class SynthMojo extends AbstractSynthMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        stackName(); // validates twin name and environment before jsii starts
        getLog().info("Cloud assembly written to " + synth());
    }

    @Override
    protected String goal() {
        return "synth";
    }
}
