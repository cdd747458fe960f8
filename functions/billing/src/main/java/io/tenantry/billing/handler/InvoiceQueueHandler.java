package io.tenantry.billing.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.billing.service.InvoiceRenderer;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;

/**
 * The invoice worker: renders each queued invoice to a PDF in S3 and marks it ready ({@link
 * InvoiceRenderer}). Failed messages come back as batch item failures; after the queue's attempts
 * they go to its dead-letter queue (the invoice itself is then {@code failed}). Messages that can
 * never succeed (no tenant, no invoice, one that does not exist) go there at once, nothing written.
 */
public class InvoiceQueueHandler extends QueueHandler {
    @Inject
    InvoiceRenderer renderer;

    public InvoiceQueueHandler() {}

    public InvoiceQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        renderer.render(readJson(message, InvoiceMessage.class), delivery.receiveCount());
    }

    /** A message of the priming tenant, for priming (QueueHandler#primingMessage): reads find nothing, writes stop. */
    @Override
    protected String primingMessage() {
        return "{\"tenantId\":\"" + Priming.TENANT_ID + "\",\"invoiceId\":\"" + Priming.id("inv_") + "\"}";
    }

    @Override
    protected String deadLetterQueueUrl() {
        return renderer.deadLetterQueueUrl();
    }

    /** The steps of a render the priming message does not reach ({@link InvoiceRenderer#prime}). */
    @Override
    protected void prime(PrimingGuard guard) {
        renderer.prime(guard);
    }
}
