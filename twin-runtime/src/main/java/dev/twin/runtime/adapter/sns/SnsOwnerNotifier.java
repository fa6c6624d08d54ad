package dev.twin.runtime.adapter.sns;

import dev.twin.runtime.adapter.aws.AwsClients;
import dev.twin.runtime.owner.Lead;
import dev.twin.runtime.owner.OwnerNotices;
import dev.twin.runtime.owner.UnknownQuestion;
import dev.twin.runtime.port.OwnerNotifier;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Adapter: the owner's notifications published to the owner's SNS topic (its e-mail subscription
 * delivers them). One retry (the SDK's, logged like every retry), all within {@link #CALL_TIMEOUT},
 * which the tool round reserves ({@code ToolRound.TOOLS_RESERVE}).
 */
public final class SnsOwnerNotifier implements OwnerNotifier {

    public static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1200);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** First attempt plus one retry. */
    public static final int MAX_ATTEMPTS = 2;

    private final SnsClient sns;
    private final String topicArn;
    private final String twinName;

    public SnsOwnerNotifier(SnsClient sns, String topicArn, String twinName) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        this.twinName = Objects.requireNonNull(twinName, "twinName");
    }

    /** The client: url-connection, region from {@code AWS_REGION}, the bounds above. */
    public static SnsClient client(URI endpoint, AwsCredentialsProvider credentials) {
        return AwsClients.configure(
                        SnsClient.builder(),
                        endpoint,
                        credentials,
                        CONNECT_TIMEOUT,
                        ATTEMPT_TIMEOUT,
                        ATTEMPT_TIMEOUT,
                        CALL_TIMEOUT,
                        MAX_ATTEMPTS)
                .build();
    }

    @Override
    public void newContact(Lead lead, String firstVisitorMessage) {
        publish(
                OwnerNotices.contactSubject(twinName),
                OwnerNotices.contactBody(twinName, lead, firstVisitorMessage));
    }

    @Override
    public void unknownQuestion(UnknownQuestion question) {
        publish(
                OwnerNotices.questionSubject(twinName),
                OwnerNotices.questionBody(twinName, question));
    }

    private void publish(String subject, String body) {
        sns.publish(r -> r.topicArn(topicArn).subject(subject).message(body));
    }

    @Override
    public String describe() {
        return "SNS topic " + topicArn;
    }
}
