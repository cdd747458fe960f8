package io.tenantry.webhooks.repository;

import io.tenantry.shared.json.JsonCodec;
import io.tenantry.webhooks.model.WebhookMessage;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The worker's own messages on the webhook events queue: one attempt of one delivery, after a delay of at most 900
 * seconds (SQS's limit per message; a longer wait is a chain of such messages). The tenant id is the message group.
 */
@Singleton
public class WebhookQueue {
    public static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final JsonCodec json;
    private final WebhookSettings settings;

    public WebhookQueue(SqsClient sqs, JsonCodec json, WebhookSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.settings = settings;
    }

    public void send(WebhookMessage message, long delaySeconds) {
        if (settings.queueUrl().isBlank()) {
            throw new IllegalStateException("TENANTRY_WEBHOOK_EVENTS_QUEUE is not set.");
        }
        String body = new String(json.write(message), StandardCharsets.UTF_8);
        int delay = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds));
        sqs.sendMessage(b -> b.queueUrl(settings.queueUrl())
                .messageBody(body)
                .messageGroupId(message.tenantId())
                .delaySeconds(delay));
    }
}
