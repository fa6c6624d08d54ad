package dev.twin.cdk;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The owner's topic: contacts and unknown questions the chat function records are published here
 * (separate from the alarm topic, so an owner can route them elsewhere). Encrypted with its own KMS
 * key; TLS only; an e-mail subscription when {@code ownerEmail} is set. {@link #grantPublish} lets
 * exactly one role publish, and nothing else.
 */
public class TwinOwnerNotices extends Construct {

    private final Key key;
    private final Topic topic;
    private final Subscription emailSubscription;

    public TwinOwnerNotices(Construct scope, String id) {
        this(scope, id, TwinOwnerNoticesProps.builder().build());
    }

    public TwinOwnerNotices(Construct scope, String id, TwinOwnerNoticesProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        // its own key: the API-key secret's key must stay usable only through Secrets Manager
        this.key =
                Key.Builder.create(this, "TopicKey")
                        .enableKeyRotation(true)
                        .removalPolicy(props.getRemovalPolicy())
                        .description(
                                "twin: encrypts the owner's topic (contacts, unknown questions)")
                        .build();
        this.topic =
                Topic.Builder.create(this, "OwnerTopic")
                        .displayName(
                                ("twin " + props.getTwinName() + " visitors")
                                        .replaceAll("[^\\x20-\\x7E]", "_"))
                        .masterKey(key)
                        .enforceSsl(true)
                        .build();
        this.emailSubscription =
                props.getOwnerEmail() == null
                        ? null
                        : topic.addSubscription(new EmailSubscription(props.getOwnerEmail()));
    }

    /**
     * Lets {@code role} publish to the topic: {@code sns:Publish} on this topic in the role's
     * policy and the topic policy, and the two key actions SNS needs on its behalf (only via SNS).
     */
    public void grantPublish(IRole role) {
        role.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .sid("PublishOwnerNotices")
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(topic.getTopicArn()))
                        .build());
        topic.addToResourcePolicy(
                PolicyStatement.Builder.create()
                        .sid("OnlyTheChatFunctionPublishes")
                        .principals(List.of(new ArnPrincipal(role.getRoleArn())))
                        .actions(List.of("sns:Publish"))
                        .resources(List.of(topic.getTopicArn()))
                        .build());
        role.addToPrincipalPolicy(
                PolicyStatement.Builder.create()
                        .sid("EncryptOwnerNotices")
                        .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                        .resources(List.of(key.getKeyArn()))
                        .conditions(
                                Map.of(
                                        "StringEquals",
                                        Map.of(
                                                "kms:ViaService",
                                                "sns."
                                                        + Stack.of(this).getRegion()
                                                        + ".amazonaws.com")))
                        .build());
    }

    public ITopic getTopic() {
        return topic;
    }

    public Key getKey() {
        return key;
    }

    public Optional<Subscription> getEmailSubscription() {
        return Optional.ofNullable(emailSubscription);
    }
}
