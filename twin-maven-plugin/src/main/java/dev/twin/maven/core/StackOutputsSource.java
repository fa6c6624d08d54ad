package dev.twin.maven.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * Finds a stack's outputs: {@code target/twin/<env>/outputs.json} first, else CloudFormation
 * DescribeStacks.
 */
public final class StackOutputsSource {

    private final TwinPaths paths;
    private final StackName stack;
    private final Supplier<CloudFormationClient> cloudFormation;
    private final TwinLog log;

    public StackOutputsSource(
            TwinPaths paths,
            StackName stack,
            Supplier<CloudFormationClient> cloudFormation,
            TwinLog log) {
        this.paths = Objects.requireNonNull(paths);
        this.stack = Objects.requireNonNull(stack);
        this.cloudFormation = Objects.requireNonNull(cloudFormation);
        this.log = Objects.requireNonNull(log);
    }

    /**
     * The outputs from the file when present, otherwise from CloudFormation (not cached in the
     * file).
     */
    public StackOutputs load() {
        return StackOutputs.read(paths.outputsFile(), stack.value())
                .orElseGet(
                        () -> {
                            log.info(
                                    "No "
                                            + paths.outputsFile()
                                            + "; asking CloudFormation for the outputs of "
                                            + stack);
                            return describe();
                        });
    }

    /** The outputs as CloudFormation reports them now. */
    public StackOutputs describe() {
        DescribeStacksResponse response;
        try {
            response = cloudFormation.get().describeStacks(b -> b.stackName(stack.value()));
        } catch (CloudFormationException e) {
            String message =
                    e.awsErrorDetails() == null
                            ? e.getMessage()
                            : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                throw new StackNotDeployedException(stack.value(), stack.env());
            }
            throw new AwsRequestFailedException("DescribeStacks", stack.value(), message, e);
        } catch (SdkClientException e) {
            throw AwsErrors.clientFailure("DescribeStacks", stack.value(), e);
        }
        if (!response.hasStacks() || response.stacks().isEmpty()) {
            throw new StackNotDeployedException(stack.value(), stack.env());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Output output : response.stacks().get(0).outputs()) {
            values.put(output.outputKey(), output.outputValue());
        }
        return new StackOutputs(stack.value(), values);
    }
}
