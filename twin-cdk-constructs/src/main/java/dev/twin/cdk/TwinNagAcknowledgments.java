package dev.twin.cdk;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.ModelProvider;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * Every cdk-nag acknowledgment of the twin stack, in one place, each with the reason a reviewer
 * should accept. Findings that could be fixed were fixed instead (access logs, encryption, TLS,
 * throttling, OAC, log retention, explicit memory and timeout); what remains is a deliberate
 * trade-off, scoped to the one construct it concerns.
 */
final class TwinNagAcknowledgments {

    private TwinNagAcknowledgments() {}

    static void apply(DigitalTwinStack stack) {
        if (!stack.getSecrets().isAdopted()) {
            acknowledgeSecretRotation(stack);
        }
        acknowledgeRoleWildcards(stack);
        acknowledgeEdge(stack);
    }

    private static void acknowledgeSecretRotation(DigitalTwinStack stack) {
        acknowledge(
                stack.getSecrets().getApiKeySecret(),
                "AwsSolutions-SMG4",
                "The secret holds a third-party LLM provider's API key; Secrets Manager cannot rotate it (the provider"
                        + " issues keys). The owner rotates it at the provider and stores it with twin:set-api-key.");
    }

    private static void acknowledgeRoleWildcards(DigitalTwinStack stack) {

        acknowledge(
                stack.getOriginLock().getSecret(),
                "AwsSolutions-SMG4",
                "The origin-lock value must change in CloudFront and the function together; it is rotated by the"
                        + " documented command (docs/SECURITY.md), which keeps the old value accepted while"
                        + " CloudFront switches, not by a rotation Lambda.");

        String role = "AwsSolutions-IAM5";
        IConstruct policy = stack.getIam().getRole().getNode().tryFindChild("DefaultPolicy");
        IConstruct policyScope = policy != null ? policy : stack.getIam().getRole();
        acknowledge(
                policyScope,
                role
                        + "[Resource::<"
                        + logicalId(stack, stack.getStorage().getMemoryBucket())
                        + ".Arn>/"
                        + MemoryBucketLayout.PERSONA_PREFIX
                        + "*]",
                "Object-key wildcard under the persona/ prefix of the twin's own memory bucket: persona files are"
                        + " chosen by the owner at upload time, and the function may only read them.");
        acknowledge(
                policyScope,
                role
                        + "[Resource::<"
                        + logicalId(stack, stack.getStorage().getMemoryBucket())
                        + ".Arn>/"
                        + MemoryBucketLayout.CONVERSATIONS_PREFIX
                        + "*]",
                "Object-key wildcard under the conversations/ prefix of the twin's own memory bucket: one object per"
                        + " session id, which is generated at run time, so keys cannot be listed in advance.");
        for (String prefix :
                List.of(MemoryBucketLayout.LEADS_PREFIX, MemoryBucketLayout.UNKNOWN_PREFIX)) {
            acknowledge(
                    policyScope,
                    role
                            + "[Resource::<"
                            + logicalId(stack, stack.getStorage().getMemoryBucket())
                            + ".Arn>/"
                            + prefix
                            + "*]",
                    "Object-key wildcard under the "
                            + prefix
                            + " prefix of the twin's own memory bucket: the function only creates new records"
                            + " there (put, no read), named by date and a random id chosen at run time.");
        }
        acknowledge(
                policyScope,
                role
                        + "[Resource::<"
                        + logicalId(stack, stack.getStorage().getMemoryBucket())
                        + ".Arn>/"
                        + MemoryBucketLayout.BUDGET_PREFIX
                        + "*]",
                "Object-key wildcard under the budget/ prefix of the twin's own memory bucket: one object per UTC"
                        + " day (the shared daily model budget), named at run time.");
        acknowledge(
                policyScope,
                role
                        + "[Resource::arn:"
                        + nagText(stack.getPartition(), "AWS::Partition")
                        + ":logs:"
                        + nagText(stack.getRegion(), "AWS::Region")
                        + ":"
                        + nagText(stack.getAccount(), "AWS::AccountId")
                        + ":log-group:<"
                        + logicalId(stack, stack.getCompute().getLogGroup())
                        + ">:log-stream:*]",
                "Log-stream wildcard inside the function's own log group: Lambda names a new stream per execution"
                        + " environment at run time; the group itself is named exactly.");

        if (stack.getSecrets().isAdopted()
                && stack.getProps().getModelProvider() == ModelProvider.OPENAI) {
            acknowledge(
                    policyScope,
                    role
                            + "[Resource::arn:"
                            + nagText(stack.getPartition(), "AWS::Partition")
                            + ":secretsmanager:"
                            + nagText(stack.getRegion(), "AWS::Region")
                            + ":"
                            + nagText(stack.getAccount(), "AWS::AccountId")
                            + ":secret:"
                            + stack.getProps().getApiKeySecretName()
                            + "-??????]",
                    "An adopted secret is known by name only; Secrets Manager appends six random characters to"
                            + " every secret's ARN, so IAM names it with the documented -?????? suffix.");
        }
    }

    private static void acknowledgeEdge(DigitalTwinStack stack) {
        acknowledge(
                stack.getApi().getHttpApi(),
                "AwsSolutions-APIG4",
                "The chat API is public by design (anonymous visitors talk to the twin). Abuse is bounded by stage"
                        + " throttling (1,000 rps / 2,000 burst), CloudFront in front, and the alarms on 4xx/5xx rates.");

        var distribution = stack.getCdn().getDistribution();
        acknowledge(
                distribution,
                "AwsSolutions-CFR1",
                "A public chat site for visitors from anywhere; there is no country the owner needs to block.");
        acknowledge(
                distribution,
                "AwsSolutions-CFR2",
                "No WAF web ACL by default: it costs more than the rest of the stack for a personal site; the API is"
                        + " throttled at the stage and only GET/HEAD reach the bucket. Attach one to the distribution"
                        + " when traffic warrants it.");
        if (stack.getProps()
                .getRegion()
                .map(r -> !RegionSupport.cloudFrontLogsSupported(r))
                .orElse(false)) {
            acknowledge(
                    distribution,
                    "AwsSolutions-CFR3",
                    "CloudFront standard logging does not deliver to buckets in this opt-in region; the"
                            + " HTTP API access logs and the S3 server access logs still record every request.");
        }
        if (stack.getProps().getDomainName() == null) {
            acknowledge(
                    distribution,
                    "AwsSolutions-CFR4",
                    "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose"
                            + " security policy cannot be chosen. With domainName + certificateArn the stack sets"
                            + " TLSv1.2_2021.");
        }

        stack.getMonitoring()
                .getEmailSubscription()
                .ifPresent(
                        subscription ->
                                acknowledge(
                                        subscription,
                                        "Serverless-SNSRedrivePolicy",
                                        "An e-mail subscription to the alarm topic: SNS retries e-mail delivery itself, and a dead-letter"
                                                + " queue of undelivered alarm mails would be one more encrypted queue that nobody reads; the"
                                                + " alarms stay visible in CloudWatch and on the dashboard."));

        var function = stack.getCompute().getFunction();
        acknowledge(
                function,
                "Serverless-LambdaDLQ",
                "The function is only invoked synchronously by the HTTP API; a dead-letter queue only applies to"
                        + " asynchronous invocations, and failed chats are returned to the caller as errors.");
        acknowledge(
                function,
                "Serverless-LambdaTracing",
                "Active X-Ray tracing needs xray:PutTraceSegments on Resource \"*\", which would break the stack's"
                        + " promise of no bare \"*\" resource in the execution role; latency is traced through the"
                        + " runtime's EMF metrics (LatencyMs, ModelLatencyMs) instead.");
    }

    private static void acknowledge(IConstruct scope, String id, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id(id).reason(reason).build());
    }

    /**
     * How cdk-nag writes a value in a finding id: a pseudo parameter as {@code <AWS::Region>}, a
     * literal as is.
     */
    private static String nagText(String value, String pseudoParameter) {
        return Token.isUnresolved(value) ? "<" + pseudoParameter + ">" : value;
    }

    private static String logicalId(DigitalTwinStack stack, IConstruct construct) {
        IConstruct resource = construct.getNode().getDefaultChild();
        return stack.resolve(stack.getLogicalId((CfnElement) resource)).toString();
    }
}
