package dev.twin.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twin.contract.MemoryBucketLayout;
import dev.twin.contract.StackOutputNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** One assertion per secure default of the stack, against the synthesized template. */
class SecureDefaultsTest {

    static final String CERT =
            "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

    /** dev, bedrock with the default profile, no domain, no e-mail. */
    static Template dev;

    /** prod, bedrock foundation model in eu-west-1, custom domain, alarm e-mail. */
    static Template prod;

    /** staging, openai with a base URL, conversations expire, custom secret name. */
    static Template openai;

    @BeforeAll
    static void synthesize() {
        dev = TestStacks.template(TestStacks.defaults().build());
        prod =
                TestStacks.template(
                        TestStacks.defaults()
                                .environment("prod")
                                .env(
                                        Environment.builder()
                                                .account("123456789012")
                                                .region("eu-west-1")
                                                .build())
                                .modelId("amazon.nova-pro-v1:0")
                                .domainName("twin.example.com")
                                .certificateArn(CERT)
                                .alarmEmail("ops@example.com")
                                .build());
        openai =
                TestStacks.template(
                        TestStacks.defaults()
                                .environment("staging")
                                .modelProvider("openai")
                                .openAiBaseUrl("https://llm.example.com/v1")
                                .conversationExpiryDays(90)
                                .apiKeySecretName(DigitalTwinStackProps.SEED_API_KEY_SECRET_NAME)
                                .build());
    }

    // --- storage
    // -------------------------------------------------------------------------------------------

    @Test
    void everyBucket_isEncryptedWithSseS3_andBlocksAllPublicAccess() {
        dev.resourceCountIs("AWS::S3::Bucket", 3);
        dev.allResourcesProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "BucketEncryption",
                                Map.of(
                                        "ServerSideEncryptionConfiguration",
                                        List.of(
                                                Map.of(
                                                        "ServerSideEncryptionByDefault",
                                                        Map.of("SSEAlgorithm", "AES256")))),
                        "PublicAccessBlockConfiguration",
                                Map.of(
                                        "BlockPublicAcls",
                                        true,
                                        "BlockPublicPolicy",
                                        true,
                                        "IgnorePublicAcls",
                                        true,
                                        "RestrictPublicBuckets",
                                        true)));
    }

    @Test
    void siteAndMemoryBuckets_areBucketOwnerEnforced_andLogToTheAccessLogsBucket() {
        for (String prefix :
                List.of(TwinStorage.FRONTEND_LOG_PREFIX, TwinStorage.MEMORY_LOG_PREFIX)) {
            dev.hasResourceProperties(
                    "AWS::S3::Bucket",
                    Map.of(
                            "OwnershipControls",
                                    Map.of(
                                            "Rules",
                                            List.of(
                                                    Map.of(
                                                            "ObjectOwnership",
                                                            "BucketOwnerEnforced"))),
                            "LoggingConfiguration",
                                    Map.of(
                                            "DestinationBucketName",
                                            Map.of(
                                                    "Ref",
                                                    Match.stringLikeRegexp(
                                                            "StorageAccessLogsBucket.*")),
                                            "LogFilePrefix",
                                            prefix)));
        }
    }

    @Test
    void everyBucket_deniesRequestsWithoutTls() {
        Map<String, Map<String, Object>> policies = dev.findResources("AWS::S3::BucketPolicy");
        assertThat(policies).hasSize(3);
        dev.allResourcesProperties(
                "AWS::S3::BucketPolicy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Effect",
                                        "Deny",
                                        "Action",
                                        "s3:*",
                                        "Principal",
                                        Map.of("AWS", "*"),
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false"))))));
    }

    @Test
    void memoryBucket_isVersioned_tiersAfter30Days_andExpiresNoncurrentVersions() {
        dev.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "LifecycleConfiguration",
                                Map.of(
                                        "Rules",
                                        Match.arrayWith(
                                                List.of(
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "Transitions",
                                                                                List.of(
                                                                                        Map.of(
                                                                                                "StorageClass",
                                                                                                "INTELLIGENT_TIERING",
                                                                                                "TransitionInDays",
                                                                                                SecureDefaults
                                                                                                        .MEMORY_TIERING_AFTER_DAYS)),
                                                                        "NoncurrentVersionExpiration",
                                                                                Map.of(
                                                                                        "NoncurrentDays",
                                                                                        SecureDefaults
                                                                                                .NONCURRENT_VERSION_EXPIRY_DAYS))))))));
    }

    @Test
    void conversations_expireAfterNinetyDaysByDefault_everyVersionIncluded() {
        Map<String, Object> expiry =
                Map.of(
                        "Prefix",
                        MemoryBucketLayout.CONVERSATIONS_PREFIX,
                        "ExpirationInDays",
                        SecureDefaults.CONVERSATION_RETENTION_DAYS,
                        "NoncurrentVersionExpiration",
                        Map.of("NoncurrentDays", SecureDefaults.NONCURRENT_VERSION_EXPIRY_DAYS));
        dev.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "LifecycleConfiguration",
                        Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(expiry))))));
    }

    @Test
    void stack_hasNoAutoDeleteCustomResource_andOnlyTheChatFunction() {
        assertThat(dev.findResources("Custom::S3AutoDeleteObjects")).isEmpty();
        assertThat(dev.findResources("AWS::CloudFormation::CustomResource")).isEmpty();
        dev.resourceCountIs("AWS::Lambda::Function", 1);
    }

    @Test
    void prod_retainsData_whileDevDestroysIt() {
        for (String type :
                List.of(
                        "AWS::S3::Bucket",
                        "AWS::KMS::Key",
                        "AWS::SecretsManager::Secret",
                        "AWS::Logs::LogGroup")) {
            prod.allResources(
                    type, Map.of("DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain"));
            dev.allResources(
                    type, Map.of("DeletionPolicy", "Delete", "UpdateReplacePolicy", "Delete"));
        }
    }

    // --- secrets
    // -------------------------------------------------------------------------------------------

    @Test
    void key_isCustomerManaged_withRotation() {
        // the API-key secret's key (also the alarm topic's) and the owner topic's own key
        dev.resourceCountIs("AWS::KMS::Key", 2);
        dev.allResourcesProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void apiKeySecret_isEncryptedWithTheKey_andNamedPerTwinAndEnvironment() {
        dev.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                Map.of(
                        "Name", "digital-twin-chat/jane/dev/llm-api-key",
                        "KmsKeyId",
                                Map.of(
                                        "Fn::GetAtt",
                                        List.of(Match.stringLikeRegexp("SecretsKey.*"), "Arn")),
                        "GenerateSecretString", Match.objectLike(Map.of())));
        openai.hasResourceProperties(
                "AWS::SecretsManager::Secret",
                // the seed's per-environment name, as an explicit setting
                Map.of("Name", "digital-twin-chat/staging/llm-api-key"));
    }

    // --- compute
    // -------------------------------------------------------------------------------------------

    @Test
    void function_runsTheRuntimeOnJava25Arm64_with1GbAnd30s() {
        dev.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Runtime",
                        "java25",
                        "Architectures",
                        List.of("arm64"),
                        "Handler",
                        "dev.twin.runtime.lambda.TwinHandler::handleRequest",
                        "MemorySize",
                        1024,
                        "Timeout",
                        30));
    }

    @Test
    void function_logsToItsOwnLogGroup_withRetention() {
        dev.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "LoggingConfig",
                        Map.of(
                                "LogGroup",
                                Map.of("Ref", Match.stringLikeRegexp("ComputeLogGroup.*")))));
        dev.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
        prod.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
    }

    @Test
    void function_usesSnapStart_andTheApiInvokesTheAliasOfAPublishedVersion() {
        dev.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of("SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        Capture version = new Capture();
        dev.hasResourceProperties(
                "AWS::Lambda::Alias",
                Map.of(
                        "Name",
                        SecureDefaults.LAMBDA_ALIAS,
                        "FunctionVersion",
                        Map.of("Fn::GetAtt", List.of(version, "Version"))));
        assertThat(dev.findResources("AWS::Lambda::Version")).containsKey(version.asString());
        dev.allResourcesProperties(
                "AWS::ApiGatewayV2::Integration",
                Map.of("IntegrationUri", Map.of("Ref", Match.stringLikeRegexp("ComputeAlias.*"))));
        // the API's permissions name the alias; the streaming door's names the alias's function URL
        dev.findResources(
                        "AWS::Lambda::Permission",
                        Map.of("Properties", Map.of("Action", "lambda:InvokeFunction")))
                .values()
                .forEach(
                        p ->
                                assertThat(String.valueOf(p.get("Properties")))
                                        .containsPattern("FunctionName=\\{Ref=ComputeAlias"));
    }

    @Test
    void function_environment_followsTheRuntimeContract() {
        dev.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Map.of(
                                        "TWIN_NAME", "jane",
                                        "TWIN_MEMORY_BUCKET",
                                                Map.of(
                                                        "Ref",
                                                        Match.stringLikeRegexp(
                                                                "StorageMemoryBucket.*")),
                                        "TWIN_PERSONA_PREFIX", "persona/",
                                        "TWIN_MODEL_PROVIDER", "bedrock",
                                        "TWIN_MODEL_ID", DigitalTwinStackProps.DEFAULT_MODEL_ID))));
        openai.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                "TWIN_MODEL_PROVIDER",
                                                "openai",
                                                "TWIN_MODEL_ID",
                                                DigitalTwinStackProps.DEFAULT_OPENAI_MODEL_ID,
                                                "TWIN_OPENAI_BASE_URL",
                                                "https://llm.example.com/v1",
                                                "TWIN_API_KEY_SECRET_ARN",
                                                Map.of(
                                                        "Ref",
                                                        Match.stringLikeRegexp(
                                                                "SecretsApiKeySecret.*")))))));
        prod.hasResourceProperties(
                "AWS::Lambda::Function",
                Map.of(
                        "Environment",
                        Map.of(
                                "Variables",
                                Match.objectLike(
                                        Map.of(
                                                "TWIN_ALLOWED_ORIGIN",
                                                "https://twin.example.com")))));
    }

    // --- iam
    // -----------------------------------------------------------------------------------------------

    @Test
    void role_hasNoManagedPolicies_andTrustsOnlyLambda() {
        dev.resourceCountIs("AWS::IAM::Role", 1);
        dev.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "ManagedPolicyArns", Match.absent(),
                        "AssumeRolePolicyDocument",
                                Map.of(
                                        "Statement",
                                        List.of(
                                                Match.objectLike(
                                                        Map.of(
                                                                "Principal",
                                                                Map.of(
                                                                        "Service",
                                                                        "lambda.amazonaws.com")))))));
    }

    @Test
    void role_readsPersona_andReadsWritesConversations_onTheMemoryBucketOnly() {
        dev.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "ReadPersona",
                                        "Action",
                                        "s3:GetObject",
                                        "Resource",
                                        TestStacks.memoryBucketPath("/persona/*"))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "ReadWriteConversations",
                                        "Action",
                                        List.of("s3:GetObject", "s3:PutObject"),
                                        "Resource",
                                        TestStacks.memoryBucketPath("/conversations/*")))));
    }

    @Test
    void role_invokesOnlyTheConfiguredModel_profileAndItsRegions() {
        Capture resources = new Capture();
        dev.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "InvokeModel",
                                        "Action",
                                        "bedrock:InvokeModel",
                                        "Resource",
                                        resources))));
        String arns = resources.asArray().toString();
        assertThat(arns)
                .contains("inference-profile/us.amazon.nova-lite-v1:0")
                .contains(":bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0")
                .contains(":bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0")
                .doesNotContain("eu-");
        prod.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "InvokeModel",
                                        "Resource",
                                        Map.of(
                                                "Fn::Join",
                                                List.of(
                                                        "",
                                                        List.of(
                                                                "arn:",
                                                                Map.of("Ref", "AWS::Partition"),
                                                                ":bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0")))))));
    }

    @Test
    void role_readsTheSecretAndDecryptsViaSecretsManager_onlyForOpenAi() {
        openai.hasResourceProperties(
                "AWS::IAM::Policy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "ReadApiKey",
                                        "Action",
                                        "secretsmanager:GetSecretValue",
                                        "Resource",
                                        Map.of(
                                                "Ref",
                                                Match.stringLikeRegexp("SecretsApiKeySecret.*")))),
                        Match.objectLike(
                                Map.of(
                                        "Sid",
                                        "DecryptApiKey",
                                        "Action",
                                        "kms:Decrypt",
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of("kms:ViaService", Match.anyValue()))))));
        // the bedrock stack reads only the origin-lock secret (ReadOriginSecret), never the key
        assertThat(dev.toJSON().toString())
                .doesNotContain("ReadApiKey")
                .doesNotContain("DecryptApiKey");
        assertThat(openai.toJSON().toString()).doesNotContain("bedrock:InvokeModel");
    }

    // --- api
    // -----------------------------------------------------------------------------------------------

    @Test
    void api_servesTheChatRoutes_withAndWithoutApiPrefix_onPayloadV2() {
        for (String prefix : List.of("", "/api")) {
            for (String route :
                    List.of(
                            "GET /health",
                            "POST /chat",
                            "GET /conversation/{session_id}",
                            "DELETE /conversation/{session_id}")) {
                String[] parts = route.split(" ");
                dev.hasResourceProperties(
                        "AWS::ApiGatewayV2::Route",
                        Map.of("RouteKey", parts[0] + " " + prefix + parts[1]));
            }
        }
        dev.resourceCountIs("AWS::ApiGatewayV2::Route", 8);
        dev.allResourcesProperties(
                "AWS::ApiGatewayV2::Integration", Map.of("PayloadFormatVersion", "2.0"));
    }

    @Test
    void api_hasNoCors_withoutCustomDomain_andExactlyTheSiteOrigin_withOne() {
        dev.hasResourceProperties(
                "AWS::ApiGatewayV2::Api", Map.of("CorsConfiguration", Match.absent()));
        prod.hasResourceProperties(
                "AWS::ApiGatewayV2::Api",
                Map.of(
                        "CorsConfiguration",
                        Match.objectLike(
                                Map.of("AllowOrigins", List.of("https://twin.example.com")))));
        assertThat(prod.toJSON().toString()).doesNotContain("AllowOrigins=[*]");
    }

    @Test
    void api_defaultStage_isThrottled_andAccessLogged() {
        dev.hasResourceProperties(
                "AWS::ApiGatewayV2::Stage",
                Map.of(
                        "StageName", "$default",
                        "DefaultRouteSettings",
                                Map.of(
                                        "ThrottlingRateLimit",
                                        SecureDefaults.API_RATE_LIMIT,
                                        "ThrottlingBurstLimit",
                                        SecureDefaults.API_BURST_LIMIT),
                        "AccessLogSettings",
                                Map.of(
                                        "DestinationArn",
                                        Map.of(
                                                "Fn::GetAtt",
                                                List.of(
                                                        Match.stringLikeRegexp("ApiAccessLogs.*"),
                                                        "Arn")),
                                        "Format",
                                        SecureDefaults.API_ACCESS_LOG_FORMAT)));
    }

    // --- cdn
    // -----------------------------------------------------------------------------------------------

    @Test
    void cdn_readsTheSiteThroughOriginAccessControl_notOai() {
        // one for the site's bucket, one for the streaming door's function URL
        dev.resourceCountIs("AWS::CloudFront::OriginAccessControl", 2);
        dev.hasResourceProperties(
                "AWS::CloudFront::OriginAccessControl",
                Map.of("OriginAccessControlConfig", Map.of("OriginAccessControlOriginType", "s3")));
        dev.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
        dev.hasResourceProperties(
                "AWS::S3::BucketPolicy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Effect",
                                        "Allow",
                                        "Action",
                                        "s3:GetObject",
                                        "Principal",
                                        Map.of("Service", "cloudfront.amazonaws.com"),
                                        "Condition",
                                        Map.of(
                                                "StringEquals",
                                                Map.of("AWS:SourceArn", Match.anyValue()))))));
    }

    @Test
    void cdn_redirectsEveryBehaviorToHttps_andTalksHttpsOnlyToTheApi() {
        Capture config = new Capture();
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution", Map.of("DistributionConfig", config));
        @SuppressWarnings("unchecked")
        Map<String, Object> cfg = (Map<String, Object>) config.asObject();
        assertThat(((Map<?, ?>) cfg.get("DefaultCacheBehavior")).get("ViewerProtocolPolicy"))
                .isEqualTo("redirect-to-https");
        assertThat((List<?>) cfg.get("CacheBehaviors"))
                .allSatisfy(
                        b ->
                                assertThat(((Map<?, ?>) b).get("ViewerProtocolPolicy"))
                                        .isEqualTo("redirect-to-https"));
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "Origins",
                                        Match.arrayWith(
                                                List.of(
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "CustomOriginConfig",
                                                                        Map.of(
                                                                                "OriginProtocolPolicy",
                                                                                "https-only",
                                                                                "OriginSSLProtocols",
                                                                                List.of(
                                                                                        "TLSv1.2"))))))))));
    }

    @Test
    void cdn_requiresTls12_2021_withCustomDomain() {
        prod.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "Aliases", List.of("twin.example.com"),
                                        "ViewerCertificate",
                                                Map.of(
                                                        "AcmCertificateArn",
                                                        CERT,
                                                        "MinimumProtocolVersion",
                                                        "TLSv1.2_2021",
                                                        "SslSupportMethod",
                                                        "sni-only")))));
    }

    @Test
    void cdn_cachesStaticAssetsLong_neverThePageOrConfig_andForwardsApiUncached() {
        String disabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
        for (String path : List.of("/index.html", "/config.json")) {
            dev.hasResourceProperties(
                    "AWS::CloudFront::Distribution",
                    Map.of(
                            "DistributionConfig",
                            Match.objectLike(
                                    Map.of(
                                            "CacheBehaviors",
                                            Match.arrayWith(
                                                    List.of(
                                                            Match.objectLike(
                                                                    Map.of(
                                                                            "PathPattern",
                                                                            path,
                                                                            "CachePolicyId",
                                                                            disabled))))))));
        }
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "CacheBehaviors",
                                                Match.arrayWith(
                                                        List.of(
                                                                Match.objectLike(
                                                                        Map.of(
                                                                                "PathPattern",
                                                                                "/api/*",
                                                                                "CachePolicyId",
                                                                                disabled,
                                                                                "OriginRequestPolicyId",
                                                                                Map.of(
                                                                                        "Ref",
                                                                                        Match
                                                                                                .stringLikeRegexp(
                                                                                                        "CdnApiOriginRequest.*")),
                                                                                "AllowedMethods",
                                                                                Match.arrayWith(
                                                                                        List.of(
                                                                                                "POST")))))),
                                        "DefaultCacheBehavior",
                                                Match.objectLike(
                                                        Map.of("CachePolicyId", disabled))))));
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "CacheBehaviors",
                                        Match.arrayWith(
                                                List.of(
                                                        Match.objectLike(
                                                                Map.of(
                                                                        "PathPattern",
                                                                        "*.js",
                                                                        "CachePolicyId",
                                                                        Map.of(
                                                                                "Ref",
                                                                                Match
                                                                                        .stringLikeRegexp(
                                                                                                "CdnStaticAssetsCache.*"))))))))));
        dev.hasResourceProperties(
                "AWS::CloudFront::CachePolicy",
                Map.of(
                        "CachePolicyConfig",
                        Match.objectLike(
                                Map.of(
                                        "DefaultTTL",
                                        (int) SecureDefaults.STATIC_ASSET_TTL.toSeconds(),
                                        "MaxTTL",
                                        365 * 24 * 3600))));
    }

    @Test
    void cdn_spaRouting_isAFunctionOnTheDefaultBehavior_neverErrorResponsesThatMaskApiErrors() {
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "CustomErrorResponses", Match.absent(),
                                        "DefaultCacheBehavior",
                                                Match.objectLike(
                                                        Map.of(
                                                                "FunctionAssociations",
                                                                List.of(
                                                                        Map.of(
                                                                                "EventType",
                                                                                "viewer-request",
                                                                                "FunctionARN",
                                                                                Map.of(
                                                                                        "Fn::GetAtt",
                                                                                        List.of(
                                                                                                Match
                                                                                                        .stringLikeRegexp(
                                                                                                                "CdnSpaRewrite.*"),
                                                                                                "FunctionARN"))))))))));
        dev.hasResourceProperties(
                "AWS::CloudFront::Function", Map.of("FunctionCode", TwinCdn.SPA_REWRITE_CODE));
    }

    @Test
    void cdn_sendsSecurityHeaders_onEveryBehavior() {
        dev.hasResourceProperties(
                "AWS::CloudFront::ResponseHeadersPolicy",
                Map.of(
                        "ResponseHeadersPolicyConfig",
                        Match.objectLike(
                                Map.of(
                                        "SecurityHeadersConfig",
                                        Map.of(
                                                "StrictTransportSecurity",
                                                        Map.of(
                                                                "AccessControlMaxAgeSec",
                                                                63072000,
                                                                "IncludeSubdomains",
                                                                true,
                                                                "Preload",
                                                                true,
                                                                "Override",
                                                                true),
                                                "ContentTypeOptions", Map.of("Override", true),
                                                "FrameOptions",
                                                        Map.of(
                                                                "FrameOption",
                                                                "DENY",
                                                                "Override",
                                                                true),
                                                "ReferrerPolicy",
                                                        Map.of(
                                                                "ReferrerPolicy",
                                                                "strict-origin-when-cross-origin",
                                                                "Override",
                                                                true),
                                                "ContentSecurityPolicy",
                                                        Map.of(
                                                                "ContentSecurityPolicy",
                                                                SecureDefaults
                                                                        .CONTENT_SECURITY_POLICY,
                                                                "Override",
                                                                true))))));
        assertThat(SecureDefaults.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'")
                .doesNotContain("*")
                .doesNotContain("unsafe");
        Map<String, Object> behaviorWithHeaders =
                Map.of(
                        "ResponseHeadersPolicyId",
                        Map.of("Ref", Match.stringLikeRegexp("CdnSecurityHeaders.*")));
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "DefaultCacheBehavior",
                                        Match.objectLike(behaviorWithHeaders)))));
    }

    @Test
    void cdn_writesAccessLogs_toTheAccessLogsBucket() {
        dev.hasResourceProperties(
                "AWS::CloudFront::Distribution",
                Map.of(
                        "DistributionConfig",
                        Match.objectLike(
                                Map.of(
                                        "Logging",
                                        Map.of(
                                                "Bucket",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(
                                                                Match.stringLikeRegexp(
                                                                        "StorageAccessLogsBucket.*"),
                                                                "RegionalDomainName")),
                                                "Prefix",
                                                TwinStorage.CLOUDFRONT_LOG_PREFIX)))));
    }

    // --- monitoring
    // ----------------------------------------------------------------------------------------

    @Test
    void alarms_coverErrorRateP99ThrottlesAnd5xxAnd4xxRate_andNotifyTheTopic() {
        dev.resourceCountIs(
                "AWS::CloudWatch::Alarm", 7); // and the two cost alarms of CostGuardTest
        dev.allResourcesProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "AlarmActions",
                        List.of(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*")))));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Threshold",
                        5,
                        "Metrics",
                        Match.arrayWith(
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "Expression",
                                                        "IF(invocations > 0, 100 * errors / invocations, 0)"))))));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "Duration", "ExtendedStatistic", "p99", "Threshold", 25000));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "MetricName",
                        "Throttles",
                        "Threshold",
                        1,
                        "ComparisonOperator",
                        "GreaterThanOrEqualToThreshold"));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "5xx", "Namespace", "AWS/ApiGateway"));
        dev.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "Threshold",
                        20,
                        "Metrics",
                        Match.arrayWith(
                                List.of(
                                        Match.objectLike(
                                                Map.of(
                                                        "Expression",
                                                        Match.stringLikeRegexp(
                                                                ".*clientErrors / requests.*")))))));
    }

    @Test
    void alarmTopic_isEncrypted_tlsOnly_andSubscribesTheEmailOnlyWhenGiven() {
        dev.hasResourceProperties(
                "AWS::SNS::Topic",
                Map.of(
                        "KmsMasterKeyId",
                        Map.of(
                                "Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("SecretsKey.*"), "Arn"))));
        dev.hasResourceProperties(
                "AWS::SNS::TopicPolicy",
                TestStacks.policyStatements(
                        Match.objectLike(
                                Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of("Bool", Map.of("aws:SecureTransport", "false"))))));
        dev.resourceCountIs("AWS::SNS::Subscription", 0);
        prod.hasResourceProperties(
                "AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }

    @Test
    void dashboard_plotsLambdaApiAndTheRuntimesTokenMetrics() {
        Capture body = new Capture();
        dev.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardBody", body));
        String text = body.asObject().toString();
        for (String metric :
                List.of(
                        "Invocations",
                        "Errors",
                        "Duration",
                        "Count",
                        "Latency",
                        "5xx",
                        "4xx",
                        "InputTokens",
                        "OutputTokens",
                        "LatencyMs",
                        "ModelLatencyMs")) {
            assertThat(text).contains("\"" + metric + "\"");
        }
        assertThat(text).contains("DigitalTwin").contains("TwinName").contains("jane");
    }

    // --- stack
    // ---------------------------------------------------------------------------------------------

    @Test
    void everyTaggableResource_isTaggedWithTwinAndEnvironment() {
        for (String type :
                List.of(
                        "AWS::S3::Bucket",
                        "AWS::KMS::Key",
                        "AWS::SecretsManager::Secret",
                        "AWS::IAM::Role",
                        "AWS::Lambda::Function",
                        "AWS::Logs::LogGroup",
                        "AWS::CloudFront::Distribution",
                        "AWS::SNS::Topic",
                        "AWS::CloudWatch::Alarm")) {
            prod.allResourcesProperties(
                    type,
                    Map.of(
                            "Tags",
                            Match.arrayWith(
                                    List.of(
                                            Map.of(
                                                    "Key",
                                                    SecureDefaults.TAG_ENVIRONMENT,
                                                    "Value",
                                                    "prod"),
                                            Map.of(
                                                    "Key",
                                                    SecureDefaults.TAG_TWIN,
                                                    "Value",
                                                    "jane")))));
        }
        prod.allResourcesProperties(
                "AWS::ApiGatewayV2::Api",
                Map.of(
                        "Tags",
                        Map.of(
                                SecureDefaults.TAG_ENVIRONMENT,
                                "prod",
                                SecureDefaults.TAG_TWIN,
                                "jane")));
    }

    @Test
    void outputs_haveExactlyTheDesignNames() {
        assertThat(dev.findOutputs("*").keySet())
                .containsExactlyInAnyOrderElementsOf(StackOutputNames.ALL);
        assertThat(StackOutputNames.ALL)
                .containsExactly(
                        "FrontendBucketName",
                        "MemoryBucketName",
                        "ApiEndpoint",
                        "CloudFrontDomain",
                        "DistributionId",
                        "LambdaFunctionName",
                        "ApiKeySecretArn",
                        "AlarmTopicArn",
                        "OwnerTopicArn",
                        "LogGroupName",
                        "OriginSecretArn");
    }
}
