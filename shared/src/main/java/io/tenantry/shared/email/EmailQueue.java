package io.tenantry.shared.email;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Asks for an email: a message on the email queue ({@code TENANTRY_EMAIL_QUEUE}), which the email worker sends
 * through SES. A request path never waits on SES, only on this send. The queue is used as an SQS fair queue: the
 * tenant id is the message group, so one tenant's burst of invitations does not delay another tenant's.
 */
@Requires(classes = SqsClient.class)
@Singleton
public class EmailQueue {
    private final SqsClient sqs;
    private final JsonCodec json;
    private final String queueUrl;

    public EmailQueue(SqsClient sqs, JsonCodec json, @Value("${tenantry.email.queue:}") String queueUrl) {
        this.sqs = sqs;
        this.json = json;
        this.queueUrl = queueUrl;
    }

    /**
     * The request as an outbox message, written in the transaction of the change it is about (an invitation with
     * its member item): the relay sends it once the change is there (docs/outbox.md).
     */
    public OutboxMessage message(EmailRequest request, Instant now) {
        return OutboxMessage.of(
                OutboxMessage.EMAIL,
                request.tenantId(),
                new String(json.write(request), StandardCharsets.UTF_8),
                0,
                now);
    }

    /**
     * Sends the request now, to be delivered after {@code delaySeconds} (0-900): for a worker's notice after its
     * own state transition (an invoice that became ready).
     */
    public void send(EmailRequest request, int delaySeconds) {
        if (queueUrl.isBlank()) {
            throw new IllegalStateException("TENANTRY_EMAIL_QUEUE is not set: emails cannot be asked for.");
        }
        String body = new String(json.write(request), StandardCharsets.UTF_8);
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(body)
                .messageGroupId(request.tenantId())
                .delaySeconds(Math.max(0, Math.min(900, delaySeconds))));
    }
}
