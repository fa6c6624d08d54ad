package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.twin.cdk.DigitalTwinStack;
import dev.twin.contract.CdkContextKeys;
import dev.twin.contract.StackOutputNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** Synthesizes this twin's CDK app and checks the stack outputs every twin goal relies on. */
class TwinAppTest {

  @TempDir Path tmp;

  @Test
  void compose_synthesizesTheTwinStack_withEveryOutput() throws IOException {
    // Given: a placeholder for the runtime jar (twin:deploy passes the real one)
    Path jar = tmp.resolve("runtime-lambda.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      // an empty jar is enough to synthesize; nothing runs it here
    }
    // dev.twin.cdk.TwinApp, written out in full: this project's own TwinApp has the same simple name
    App app = dev.twin.cdk.TwinApp.newApp(tmp.resolve("cdk.out"), Map.of(
        CdkContextKeys.TWIN_NAME, "${artifactId}",
        CdkContextKeys.ENV, "dev",
        CdkContextKeys.RUNTIME_JAR, jar.toString(),
        CdkContextKeys.ACCOUNT, "123456789012",
        CdkContextKeys.REGION, "${awsRegion}"));

    // When
    DigitalTwinStack stack = TwinApp.compose(app);
    Template template = Template.fromStack(stack);

    // Then
    assertThat(template.toJSON().get("Outputs")).asInstanceOf(MAP)
        .containsKeys(StackOutputNames.ALL.toArray());
  }
}
