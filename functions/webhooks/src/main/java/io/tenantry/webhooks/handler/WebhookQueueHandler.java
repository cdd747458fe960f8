package io.tenantry.webhooks.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.webhooks.model.WebhookMessage;
import io.tenantry.webhooks.service.WebhookDispatcher;
import jakarta.inject.Inject;

/**
 * The webhook worker: fans each tenant event out to the tenant's subscribed endpoints and makes each delivery's
 * attempts, signed, with retries for 24 hours. A message it cannot use goes straight to the dead-letter queue.
 */
public class WebhookQueueHandler extends QueueHandler {
    @Inject
    WebhookDispatcher dispatcher;

    public WebhookQueueHandler() {}

    public WebhookQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        dispatcher.dispatch(readJson(message, WebhookMessage.class), message.getBody());
    }

    /**
     * An attempt may wait 10 s for an endpoint that does not answer: the batch's messages are handled at once, so one
     * tenant's silent endpoint does not hold back the other messages of the batch (docs/webhooks.md).
     */
    @Override
    protected boolean handlesMessagesAtOnce() {
        return true;
    }

    /** A message of the priming tenant, for priming (QueueHandler#primingMessage): reads find nothing, writes stop. */
    @Override
    protected String primingMessage() {
        return "{\"id\":\"" + Priming.id("evt_")
                + "\",\"type\":\"project.created\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"tenantId\":\""
                + Priming.TENANT_ID + "\",\"data\":{\"id\":\"" + Priming.id("prj_") + "\",\"name\":\"Priming\"}}";
    }

    @Override
    protected String deadLetterQueueUrl() {
        return dispatcher.deadLetterQueueUrl();
    }
}
