package io.tenantry.billing.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.billing.service.InvoicePdf;
import io.tenantry.billing.service.InvoiceRenderer;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * The invoice worker: renders each queued invoice to a PDF in S3 and marks it ready ({@link
 * InvoiceRenderer}). Failed messages come back as batch item failures; after the queue's attempts
 * they go to its dead-letter queue (the invoice itself is then {@code failed}). Messages that can
 * never succeed (no tenant, no invoice, one that does not exist) go there at once, nothing written.
 */
public class InvoiceQueueHandler extends QueueHandler {
    @Inject
    InvoiceRenderer renderer;

    @Inject
    InvoicePdf pdf;

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

    /**
     * Before a SnapStart snapshot: one render of a made-up invoice, so that PDFBox's classes and the
     * font metrics (about 0.6 s on a cold JVM) are loaded in the snapshot, not on a restored instance.
     */
    @Override
    protected void prime() {
        pdf.render(new InvoicePdf.Content(
                "inv_00000000000000000000000000",
                1,
                "ten_00000000000000000000000000",
                "Priming",
                YearMonth.of(2026, 1),
                "free",
                "v1",
                "USD",
                Instant.EPOCH,
                List.of(new InvoiceLine("Priming", 1, 0, 0)),
                0,
                List.of()));
    }
}
