package dev.twin.maven.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployed model id is read from the synthesized assembly (default model included). */
class DeployedModelTest {

    private static final String TEMPLATE =
            """
            {"Resources": {
              "Bucket": {"Type": "AWS::S3::Bucket"},
              "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Environment": {"Variables":
                {"TWIN_MODEL_PROVIDER": "bedrock", "TWIN_MODEL_ID": "eu.amazon.nova-lite-v1:0"}}}}
            }}
            """;

    @Test
    void fromAssembly_readsTheFunctionsModelId_fromTheStacksTemplate(@TempDir Path cdkOut)
            throws Exception {
        Files.writeString(cdkOut.resolve("twin-jane-dev.template.json"), TEMPLATE);

        assertThat(DeployedModel.fromAssembly(cdkOut, "twin-jane-dev"))
                .contains("eu.amazon.nova-lite-v1:0");
    }

    @Test
    void fromAssembly_fallsBackToAnyTemplate_andIsEmptyWithoutOne(@TempDir Path cdkOut)
            throws Exception {
        assertThat(DeployedModel.fromAssembly(cdkOut, "twin-jane-dev")).isEmpty();

        Files.writeString(cdkOut.resolve("MyOwnStack.template.json"), TEMPLATE);
        assertThat(DeployedModel.fromAssembly(cdkOut, "twin-jane-dev"))
                .contains("eu.amazon.nova-lite-v1:0");
    }
}
