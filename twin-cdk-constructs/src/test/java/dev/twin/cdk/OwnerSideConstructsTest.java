package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The owner's side of the stack (issue 15): the owner's topic, what the function may do with the
 * records and conversations, and how long each is kept.
 */
class OwnerSideConstructsTest {

    static Template defaults;
    static Template withOwner;

    @BeforeAll
    static void synthesize() {
        defaults = TestStacks.template(TestStacks.defaults().build());
        withOwner =
                TestStacks.template(
                        TestStacks.defaults()
                                .environment("prod")
                                .ownerEmail("ana@example.com")
                                .conversationExpiryDays(30)
                                .leadRetentionDays(180)
                                .ownerNotifyPerHour(5)
                                .build());
    }

    @Test
    void ownerTopic_isSeparateFromTheAlarmTopic_andEncryptedWithItsOwnKey() {
        defaults.resourceCountIs("AWS::SNS::Topic", 2);
        Map<String, Map<String, Object>> topics = defaults.findResources("AWS::SNS::Topic");
        List<String> keys =
                topics.values().stream()
                        .map(
                                t ->
                                        String.valueOf(
                                                ((Map<?, ?>) t.get("Properties"))
                                                        .get("KmsMasterKeyId")))
                        .toList();
        assertThat(keys).doesNotContain("null").doesNotHaveDuplicates();
        assertThat(defaults.toJSON().toString()).contains("OwnerNoticesOwnerTopic");
    }

    @Test
    void ownerEmail_subscribesTheOwner_onlyWhenSet() {
        withOwner.hasResourceProperties(
                "AWS::SNS::Subscription",
                Map.of(
                        "Protocol", "email",
                        "Endpoint", "ana@example.com",
                        "TopicArn",
                                Map.of("Ref", Match.stringLikeRegexp("OwnerNoticesOwnerTopic.*"))));
        defaults.resourcePropertiesCountIs(
                "AWS::SNS::Subscription", Map.of("Endpoint", "ana@example.com"), 0);
    }

    @Test
    void ownerTopicPolicy_allowsOnlyTheFunctionsRoleToPublish_andDeniesPlainHttp() {
        withOwner.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "OnlyTheChatFunctionPublishes",
                                        "Effect",
                                        "Allow",
                                        "Action",
                                        "sns:Publish",
                                        "Principal",
                                        Map.of(
                                                "AWS",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(
                                                                Match.stringLikeRegexp(
                                                                        "IamExecutionRole.*"),
                                                                "Arn")))))));
        assertThat(withOwner.toJSON().toString()).contains("aws:SecureTransport");
    }

    @Test
    void role_publishesOnlyToTheOwnerTopic_andUsesItsKeyOnlyViaSns() {
        withOwner.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "PublishOwnerNotices",
                                        "Action",
                                        "sns:Publish",
                                        "Resource",
                                        Map.of(
                                                "Ref",
                                                Match.stringLikeRegexp(
                                                        "OwnerNoticesOwnerTopic.*")))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "EncryptOwnerNotices",
                                        "Action",
                                        List.of("kms:Decrypt", "kms:GenerateDataKey"),
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of("kms:ViaService", Match.anyValue()))))));
    }

    @Test
    void role_erasesOnlyConversationVersions_andPutsOnlyLeadsAndUnknown() {
        String json = defaults.toJSON().toString();
        defaults.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "EraseConversations",
                                        "Action",
                                        List.of("s3:DeleteObject", "s3:DeleteObjectVersion"),
                                        "Resource",
                                        TestStacks.memoryBucketPath("/conversations/*"))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "ListConversationVersions",
                                        "Action",
                                        "s3:ListBucketVersions",
                                        "Condition",
                                        Map.of(
                                                "StringLike",
                                                Map.of("s3:prefix", "conversations/*")))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "RecordLeads",
                                        "Action",
                                        "s3:PutObject",
                                        "Resource",
                                        List.of(
                                                TestStacks.memoryBucketPath("/leads/*"),
                                                TestStacks.memoryBucketPath("/unknown/*"))))));
        assertThat(json)
                .doesNotContain(
                        "s3:DeleteObject\",\"Resource\":{\"Fn::Join\":[\"\",[{\"Fn::GetAtt\":[\"StorageMemoryBucket");
    }

    @Test
    void retention_defaultsKeepConversations90AndLeads365Days() {
        for (String prefix : List.of("leads/", "unknown/")) {
            defaults.hasResourceProperties(
                    "AWS::S3::Bucket",
                    Map.of(
                            "LifecycleConfiguration",
                            Map.of(
                                    "Rules",
                                    Match.arrayWith(
                                            List.of(
                                                    Match.objectLike(
                                                            Map.of(
                                                                    "Prefix",
                                                                    prefix,
                                                                    "ExpirationInDays",
                                                                    365)))))));
        }
        withOwner.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of(
                                "Rules",
                                Match.arrayWith(
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "Prefix",
                                                                "conversations/",
                                                                "ExpirationInDays",
                                                                30,
                                                                "NoncurrentVersionExpiration",
                                                                Map.of("NoncurrentDays", 30))),
                                                Match.objectLike(
                                                        Map.of(
                                                                "Prefix",
                                                                "leads/",
                                                                "ExpirationInDays",
                                                                180)))))));
    }

    @Test
    void function_getsTheOwnerTopic_andTheHourlyBound_andTheStackOutputsTheTopic() {
        withOwner.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                "TWIN_OWNER_TOPIC_ARN",
                                                Map.of(
                                                        "Ref",
                                                        Match.stringLikeRegexp(
                                                                "OwnerNoticesOwnerTopic.*")),
                                                "TWIN_OWNER_NOTIFY_PER_HOUR",
                                                "5")))));
        withOwner.hasOutput(DigitalTwinStack.OWNER_TOPIC_ARN_OUTPUT, Map.of());
    }
}
