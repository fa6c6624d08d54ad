package dev.twin.maven.workflow;

import dev.twin.contract.ModelProvider;
import dev.twin.contract.StackOutputNames;
import dev.twin.maven.cdk.Approval;
import dev.twin.maven.cdk.StackOperations;
import dev.twin.maven.check.DeployedModel;
import dev.twin.maven.check.FirstModelCall;
import dev.twin.maven.check.ModelCheck;
import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.StackOutputs;
import dev.twin.maven.core.TwinLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code twin:deploy} as one sequence: credentials, synth, {@code cdk deploy}, persona, publish,
 * invalidate, then one question to the deployed API so a model the account cannot use fails the
 * build rather than every visitor's chat.
 */
public final class DeployWorkflow {

    private static final Duration MODEL_CHECK_TIMEOUT = Duration.ofSeconds(60);

    private final AwsClients clients;
    private final StackOperations stacks;
    private final Shipping shipping;
    private final TwinLog log;

    public DeployWorkflow(
            AwsClients clients, StackOperations stacks, Shipping shipping, TwinLog log) {
        this.clients = Objects.requireNonNull(clients);
        this.stacks = Objects.requireNonNull(stacks);
        this.shipping = Objects.requireNonNull(shipping);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * Runs the plan; {@code synth} writes the assembly and returns its directory ({@code
     * existingAssembly} is deployed instead when the plan skips synth).
     *
     * @param skipModelCheckProperty named in the check's failure message, so the user can skip it
     */
    public StackOutputs deploy(
            DeployPlan plan,
            Supplier<Path> synth,
            Path existingAssembly,
            Approval approval,
            String skipModelCheckProperty) {
        // Credentials first: without them nothing below can succeed, and synth alone takes a while.
        clients.requireCredentials();
        Path cdkOut = plan.synth() ? synth.get() : existingAssembly;
        StackOutputs outputs = stacks.deploy(cdkOut, approval);
        if (plan.persona()) {
            shipping.uploadPersona(outputs);
        }
        if (plan.publish()) {
            shipping.publishSite(outputs);
        }
        if (plan.invalidates()) {
            shipping.invalidate(outputs);
        }
        outputs.get(StackOutputNames.CLOUDFRONT_DOMAIN)
                .ifPresent(d -> log.info("Your twin: https://" + d));
        if (plan.checksModel()) {
            // What was deployed, default model included: the function's TWIN_MODEL_ID in the
            // assembly
            String deployedModel =
                    plan.modelId().or(() -> DeployedModel.fromAssembly(cdkOut, "")).orElse(null);
            if (ModelProvider.BEDROCK.id().equals(plan.modelProvider()) && deployedModel != null) {
                // the model's first call with the deployer's credentials (Marketplace subscription)
                new FirstModelCall(clients.bedrockRuntime(), log)
                        .call(deployedModel, skipModelCheckProperty);
            }
            outputs.get(StackOutputNames.API_ENDPOINT)
                    .ifPresent(
                            api ->
                                    new ModelCheck(log, MODEL_CHECK_TIMEOUT)
                                            .check(
                                                    URI.create(api),
                                                    plan.modelProvider(),
                                                    deployedModel,
                                                    skipModelCheckProperty));
        }
        return outputs;
    }
}
