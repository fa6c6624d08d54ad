package dev.twin.maven;

import dev.twin.contract.RuntimeEnv;
import dev.twin.maven.cdn.ApiKey;
import dev.twin.maven.cdn.ApiKeySetter;
import dev.twin.maven.cdn.SecretPrompt;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Puts the LLM API key into the stack's secret: from the TWIN_API_KEY environment variable, else a
 * hidden prompt. The key is never logged or echoed.
 */
@Mojo(name = "set-api-key", threadSafe = true)
public class SetApiKeyMojo extends AbstractAwsMojo {

    /**
     * The key itself. Prefer the TWIN_API_KEY environment variable or the prompt: a -D value stays
     * in shell history and process listings.
     */
    @Parameter(property = TwinProperties.API_KEY)
    protected String apiKey;

    @Override
    protected void run() {
        stackName();
        ApiKey key =
                ApiKey.resolve(
                        System.getenv(),
                        RuntimeEnv.API_KEY,
                        Optional.ofNullable(apiKey),
                        SecretPrompt.console());
        String secretArn = outputs().apiKeySecretArn();
        new ApiKeySetter(awsClients().secretsManager(), log()).put(secretArn, key);
    }

    @Override
    protected String goal() {
        return "set-api-key";
    }
}
