package dev.twin.maven;

import dev.twin.maven.cdk.ConfirmationRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Destroys the stack. dev and staging: empties the stack's buckets first (every version and delete
 * marker). prod: empties nothing, lists what is retained, and needs -Dtwin.confirm=&lt;stack
 * name&gt;.
 */
@Mojo(name = "destroy", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DestroyMojo extends AbstractCdkMojo {

    /** For prod: the stack name, typed back as confirmation (e.g. twin-jane-prod). */
    @Parameter(property = TwinProperties.CONFIRM)
    protected String confirm;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        var stack = stackName();
        if (stack.env().isProtected()
                && !stack.value().equals(confirm == null ? null : confirm.strip())) {
            // Ask before synthesizing: the answer does not depend on the assembly.
            throw new ConfirmationRequiredException(stack.value(), confirm);
        }
        awsClients().requireCredentials();
        stackOperations().destroy(synth(), confirm);
    }

    @Override
    protected String goal() {
        return "destroy";
    }
}
