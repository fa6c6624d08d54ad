package dev.twin.maven;

import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints the stack outputs (from target/twin/&lt;env&gt;/outputs.json, else CloudFormation). */
@Mojo(name = "outputs", threadSafe = true)
public class OutputsMojo extends AbstractAwsMojo {

    @Override
    protected void run() {
        var outputs = outputs();
        getLog().info("Outputs of " + outputs.stackName() + ":");
        outputs.values().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> getLog().info("  " + e.getKey() + " = " + e.getValue()));
    }

    @Override
    protected String goal() {
        return "outputs";
    }
}
