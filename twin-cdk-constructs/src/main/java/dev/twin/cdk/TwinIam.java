package dev.twin.cdk;

import dev.twin.contract.MemoryBucketLayout;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The chat function's execution role, written out statement by statement: no AWS-managed policy, no
 * {@code *} in an action, and a resource wildcard only as the last segment under a named parent (an
 * object-key suffix under a bucket prefix, or the log streams of the function's own log group).
 */
public class TwinIam extends Construct {

    private final Role role;

    public TwinIam(Construct scope, String id) {
        this(scope, id, TwinIamProps.builder().build());
    }

    public TwinIam(Construct scope, String id, TwinIamProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        this.role =
                Role.Builder.create(this, "ExecutionRole")
                        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                        .description(
                                "twin: chat function execution role (least privilege, no managed policies)")
                        .build();

        if (props.getLogGroup() != null) {
            grantLogWrite(props.getLogGroup());
        }
        if (props.getMemoryBucket() != null) {
            String bucketArn = props.getMemoryBucket().getBucketArn();
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ReadPersona")
                            .actions(List.of("s3:GetObject"))
                            .resources(
                                    List.of(
                                            bucketArn
                                                    + "/"
                                                    + MemoryBucketLayout.PERSONA_PREFIX
                                                    + "*"))
                            .build());
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ReadWriteConversations")
                            .actions(List.of("s3:GetObject", "s3:PutObject"))
                            .resources(
                                    List.of(
                                            bucketArn
                                                    + "/"
                                                    + MemoryBucketLayout.CONVERSATIONS_PREFIX
                                                    + "*"))
                            .build());
            // The shared daily budget: one object per UTC day, read and written conditionally.
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ReadWriteBudget")
                            .actions(List.of("s3:GetObject", "s3:PutObject"))
                            .resources(
                                    List.of(
                                            bucketArn
                                                    + "/"
                                                    + MemoryBucketLayout.BUDGET_PREFIX
                                                    + "*"))
                            .build());
            // DELETE /conversation/{id} erases every version of the one key (the bucket is
            // versioned): list the key's versions, delete each by id; nothing outside
            // conversations/.
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("EraseConversations")
                            .actions(List.of("s3:DeleteObject", "s3:DeleteObjectVersion"))
                            .resources(
                                    List.of(
                                            bucketArn
                                                    + "/"
                                                    + MemoryBucketLayout.CONVERSATIONS_PREFIX
                                                    + "*"))
                            .build());
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ListConversationVersions")
                            .actions(List.of("s3:ListBucketVersions"))
                            .resources(List.of(bucketArn))
                            .conditions(
                                    Map.of(
                                            "StringLike",
                                            Map.of(
                                                    "s3:prefix",
                                                    MemoryBucketLayout.CONVERSATIONS_PREFIX + "*")))
                            .build());
            // The model's tools write new records only: no read, no overwrite check needed.
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("RecordLeads")
                            .actions(List.of("s3:PutObject"))
                            .resources(
                                    List.of(
                                            bucketArn + "/" + MemoryBucketLayout.LEADS_PREFIX + "*",
                                            bucketArn
                                                    + "/"
                                                    + MemoryBucketLayout.UNKNOWN_PREFIX
                                                    + "*"))
                            .build());
            // Without ListBucket, S3 answers 403 instead of 404 for a conversation that does not
            // exist yet.
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ListMemory")
                            .actions(List.of("s3:ListBucket"))
                            .resources(List.of(bucketArn))
                            .build());
        }
        if (props.getApiKeySecret() != null) {
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ReadApiKey")
                            .actions(List.of("secretsmanager:GetSecretValue"))
                            .resources(List.of(secretArn(props.getApiKeySecret())))
                            .build());
        }
        if (props.getOriginSecret() != null) {
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("ReadOriginSecret")
                            .actions(List.of("secretsmanager:GetSecretValue"))
                            .resources(List.of(props.getOriginSecret().getSecretArn()))
                            .build());
        }
        if (props.getSecretKey() != null) {
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("DecryptApiKey")
                            .actions(List.of("kms:Decrypt"))
                            .resources(List.of(props.getSecretKey().getKeyArn()))
                            // Only Secrets Manager may use the key on the function's behalf, never
                            // a direct Decrypt call.
                            .conditions(
                                    Map.of(
                                            "StringEquals",
                                            Map.of(
                                                    "kms:ViaService",
                                                    "secretsmanager."
                                                            + Stack.of(this).getRegion()
                                                            + ".amazonaws.com")))
                            .build());
        }
        if (props.getBedrockModel() != null) {
            role.addToPrincipalPolicy(
                    PolicyStatement.Builder.create()
                            .sid("InvokeModel")
                            .actions(List.of("bedrock:InvokeModel"))
                            .resources(
                                    props.getBedrockModel()
                                            .invokeArns(
                                                    Stack.of(this).getPartition(),
                                                    Stack.of(this).getRegion(),
                                                    Stack.of(this).getAccount()))
                            .build());
        }
    }

    /**
     * The secret's ARN; for a secret known only by name (adopted), the name plus the six-character
     * suffix Secrets Manager appends, the form IAM documents for that case.
     */
    static String secretArn(ISecret secret) {
        return secret.getSecretFullArn() != null
                ? secret.getSecretArn()
                : secret.getSecretArn() + "-??????";
    }

    /** Lets the role create streams in, and write to, that one log group. */
    public void grantLogWrite(ILogGroup logGroup) {
        String streams =
                Stack.of(this)
                        .formatArn(
                                ArnComponents.builder()
                                        .service("logs")
                                        .resource("log-group")
                                        .resourceName(logGroup.getLogGroupName() + ":log-stream:*")
                                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                        .build());
        role.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .sid("WriteOwnLogs")
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(streams))
                        .build());
    }

    /** The execution role. */
    public IRole getRole() {
        return role;
    }
}
