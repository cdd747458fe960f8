package io.tenantry.outbox.service;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.data.OutboxMessage;
import jakarta.inject.Singleton;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends an outbox item's message to the queue its destination names ({@link OutboxMessage#DESTINATIONS}), with its
 * message group and delay. The table's stream hands each item over at least once, and a send that fails is handed
 * over again, so a message can be sent twice: every queue's worker is idempotent (the webhook worker by event id,
 * the invoice and purge workers by state transition, the email worker by message).
 */
@Singleton
public class OutboxRelay {
    private final SqsClient sqs;
    private final Map<String, String> queues;

    public OutboxRelay(
            SqsClient sqs,
            @Value("${tenantry.webhook.events.queue:}") String webhookEvents,
            @Value("${tenantry.invoices.queue:}") String invoices,
            @Value("${tenantry.purge.queue:}") String purge,
            @Value("${tenantry.email.queue:}") String email) {
        this.sqs = sqs;
        this.queues = Map.of(
                OutboxMessage.WEBHOOK_EVENTS, webhookEvents,
                OutboxMessage.INVOICES, invoices,
                OutboxMessage.PURGE, purge,
                OutboxMessage.EMAIL, email);
    }

    /**
     * Relays the outbox item {@code item} (its attributes as strings). Throws {@link UnusableOutboxItemException} for an
     * item that can never be sent (not an outbox item, an unknown destination); any other failure is worth a retry.
     */
    public OutboxMessage relay(Map<String, String> item) {
        OutboxMessage message;
        try {
            message = OutboxMessage.fromItem(item);
        } catch (RuntimeException e) {
            throw new UnusableOutboxItemException("Not a usable outbox item: " + e.getMessage());
        }
        String queueUrl = queues.get(message.destination());
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new IllegalStateException("No queue is configured for outbox destination '" + message.destination()
                    + "': the relay's environment names none.");
        }
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(message.body())
                .messageGroupId(message.groupId())
                .delaySeconds(message.delaySeconds()));
        return message;
    }
}
