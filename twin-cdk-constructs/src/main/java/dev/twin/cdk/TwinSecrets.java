package dev.twin.cdk;

import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * A customer-managed KMS key with yearly rotation, and the LLM API-key secret encrypted with it.
 *
 * <p>The secret starts with a random placeholder (never a real key in a template); {@code
 * twin:set-api-key} puts the real value. The same key also encrypts the alarm topic, so one twin
 * pays for one key.
 */
public class TwinSecrets extends Construct {

    private final Key key;
    private final ISecret apiKeySecret;
    private final IKey apiKeySecretKey;
    private final boolean adopted;

    public TwinSecrets(Construct scope, String id) {
        this(scope, id, TwinSecretsProps.builder().build());
    }

    public TwinSecrets(Construct scope, String id, TwinSecretsProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        this.key =
                Key.Builder.create(this, "Key")
                        .description("twin: encrypts the LLM API-key secret and the alarm topic")
                        .enableKeyRotation(true)
                        .removalPolicy(props.getRemovalPolicy())
                        .build();
        this.adopted = props.isAdoptExisting();
        if (adopted) {
            // A secret retained by an earlier stack of this twin: CloudFormation cannot create a
            // second secret of that name, so the stack refers to it and leaves it alone.
            this.apiKeySecret =
                    Secret.fromSecretNameV2(this, "ApiKeySecret", props.getSecretName());
            this.apiKeySecretKey =
                    props.getExistingKeyArn() == null
                            ? null
                            : Key.fromKeyArn(this, "ApiKeySecretKey", props.getExistingKeyArn());
        } else {
            this.apiKeySecret =
                    Secret.Builder.create(this, "ApiKeySecret")
                            .secretName(props.getSecretName())
                            .description(
                                    "twin: API key of the OpenAI-compatible model provider (set with twin:set-api-key)")
                            .encryptionKey(key)
                            // A random placeholder, so that no key value ever appears in a template
                            // or a log.
                            .generateSecretString(
                                    SecretStringGenerator.builder()
                                            .passwordLength(32)
                                            .excludePunctuation(true)
                                            .build())
                            .removalPolicy(props.getRemovalPolicy())
                            .build();
            this.apiKeySecretKey = key;
        }
    }

    /** The customer-managed key (rotation enabled). */
    public IKey getKey() {
        return key;
    }

    /**
     * The key that encrypts the API-key secret: the stack's own key, the adopted secret's
     * customer-managed key, or {@code null} (an adopted secret under the AWS-managed key).
     */
    public IKey getApiKeySecretKey() {
        return apiKeySecretKey;
    }

    /** Whether the secret was adopted rather than created by this stack. */
    public boolean isAdopted() {
        return adopted;
    }

    /** The LLM API-key secret. */
    public ISecret getApiKeySecret() {
        return apiKeySecret;
    }
}
