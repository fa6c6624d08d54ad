package dev.twin.maven.check;

import dev.twin.maven.core.TwinLog;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The model's first call, made with the deployer's credentials before the chat through the deployed
 * API. Bedrock enables a model on its first invocation; for an AWS Marketplace model that needs
 * {@code aws-marketplace:Subscribe} and {@code ViewSubscriptions} on the caller, which the deployer
 * may hold and the function's role should not. One tiny Converse call (a few tokens).
 */
public final class FirstModelCall {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final BedrockRuntimeClient client;
    private final String region;
    private final TwinLog log;

    /**
     * @param client the goal's Bedrock Runtime client ({@code AwsClients#bedrockRuntime}: the
     *     deployer's credentials, region, proxy and endpoint rules); not closed here
     */
    public FirstModelCall(BedrockRuntimeClient client, TwinLog log) {
        this.client = Objects.requireNonNull(client);
        this.log = Objects.requireNonNull(log);
        Region r = client.serviceClientConfiguration().region();
        this.region = r == null ? null : r.id();
    }

    /**
     * Calls {@code modelId} once. Throws {@link ModelAccessDeniedException} when the account must
     * act (subscribe, use-case form) and {@link ModelUnusableException} when the id is unusable in
     * the region; any other failure (the deployer may not invoke models, throttling) is a warning:
     * the chat through the deployed API decides.
     */
    public boolean call(String modelId, String skipProperty) {
        long start = System.nanoTime();
        try {
            client.converse(
                    c ->
                            c.modelId(modelId)
                                    .messages(
                                            Message.builder()
                                                    .role(ConversationRole.USER)
                                                    .content(
                                                            ContentBlock.fromText(
                                                                    ModelCheck.QUESTION))
                                                    .build())
                                    .inferenceConfig(i -> i.maxTokens(8))
                                    // a model's first call may be slow (the enabling); 8 tokens
                                    .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)));
            log.info(
                    "Model check: "
                            + modelId
                            + " answered the deployer in "
                            + (System.nanoTime() - start) / 1_000_000
                            + " ms");
            return true;
        } catch (AccessDeniedException e) {
            String msg = message(e);
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("aws-marketplace") || lower.contains("subscri")) {
                throw ModelAccessDeniedException.withFix(
                        modelId,
                        "Bedrock needs an AWS Marketplace subscription to "
                                + modelId
                                + " in "
                                + regionText()
                                + " before anyone can call it, and your credentials may not subscribe ("
                                + msg
                                + ") — run `mvn twin:deploy` once as someone allowed aws-marketplace:Subscribe and"
                                + " aws-marketplace:ViewSubscriptions, or have them call the model once in the Bedrock"
                                + " console's playground; or pick another model with -Dtwin.modelId=<id>",
                        skipProperty);
            }
            if (lower.contains("use case")) {
                throw ModelAccessDeniedException.withFix(
                        modelId,
                        "Anthropic models need a one-time use-case form per account ("
                                + msg
                                + ") — submit it in the Bedrock console (model catalog, "
                                + modelId
                                + ", region "
                                + regionText()
                                + "), then run `mvn twin:deploy` again; or pick another model with"
                                + " -Dtwin.modelId=<id>",
                        skipProperty);
            }
            log.warn(
                    "Model check: your credentials may not call "
                            + modelId
                            + " ("
                            + msg
                            + "); the deployed twin is checked through its API next");
            return false;
        } catch (ResourceNotFoundException e) {
            throw new ModelUnusableException(modelId, region, message(e), skipProperty);
        } catch (ValidationException e) {
            String msg = message(e);
            String lower = msg.toLowerCase(Locale.ROOT);
            if (lower.contains("model identifier")
                    || lower.contains("model id")
                    || lower.contains("inference profile")
                    || lower.contains("on-demand throughput")
                    || lower.contains("in this region")
                    || lower.contains("end of its life")) {
                throw new ModelUnusableException(modelId, region, msg, skipProperty);
            }
            log.warn("Model check: Bedrock rejected the check's request (" + msg + ")");
            return false;
        } catch (SdkException e) {
            log.warn(
                    "Model check: the deployer's call to "
                            + modelId
                            + " failed ("
                            + message(e)
                            + "); the deployed twin is checked through its API next");
            return false;
        }
    }

    private String regionText() {
        return region == null ? "the stack's region" : region;
    }

    private static String message(SdkException e) {
        if (e instanceof BedrockRuntimeException b
                && b.awsErrorDetails() != null
                && b.awsErrorDetails().errorMessage() != null) {
            return b.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
