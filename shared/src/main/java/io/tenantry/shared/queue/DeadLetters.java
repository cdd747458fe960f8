package io.tenantry.shared.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.annotation.Requires;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends a message that can never succeed (it names no tenant, or something that does not exist)
 * straight to its queue's dead-letter queue, with the reason as a message attribute, instead of
 * letting it fail {@code maxReceiveCount} times first. The worker then acknowledges the original.
 * Without a dead-letter queue URL (a run with no environment) the caller lets the message fail, and
 * the queue's redrive policy moves it after its attempts, as for any failure.
 */
@Requires(classes = SqsClient.class)
@Singleton
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** The message attribute that says why a message was dead-lettered. */
    public static final String REASON = "tenantry-dead-letter-reason";

    private final SqsClient sqs;
    private final PrimingGuard priming;

    public DeadLetters(SqsClient sqs, PrimingGuard priming) {
        this.sqs = sqs;
        this.priming = priming;
    }

    /**
     * Moves {@code message} to the dead-letter queue at {@code deadLetterQueueUrl}, logging why.
     *
     * @return false when there is no dead-letter queue to send to: the caller should fail the message
     */
    public boolean divert(String deadLetterQueueUrl, SQSEvent.SQSMessage message, String reason) {
        if (!priming.active()) {
            LOG.atError()
                    .addKeyValue("messageId", message.getMessageId())
                    .addKeyValue("reason", reason)
                    .log("Message refused and dead-lettered: " + reason);
        }
        if (deadLetterQueueUrl == null || deadLetterQueueUrl.isBlank()) {
            return false;
        }
        String body = message.getBody() == null ? "" : message.getBody();
        sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl)
                .messageBody(body.isEmpty() ? "(empty)" : body)
                .messageAttributes(Map.of(
                        REASON,
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue(reason)
                                .build())));
        return true;
    }
}
