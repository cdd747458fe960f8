package io.tenantry.billing.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.billing.service.InvoicePdf;
import io.tenantry.billing.service.InvoiceWorker;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.queue.DeadLetters;
import io.tenantry.shared.queue.QueueHandler;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The invoice worker: renders each queued invoice to a PDF in S3 and marks it ready. Failed messages
 * come back as batch item failures; after the queue's attempts they go to its dead-letter queue (the
 * invoice itself is then {@code failed}). Messages that can never succeed go there at once.
 */
public class InvoiceQueueHandler extends QueueHandler {
    @Inject
    InvoiceWorker worker;

    @Inject
    JsonCodec json;

    @Inject
    InvoicePdf pdf;

    public InvoiceQueueHandler() {}

    public InvoiceQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Inject
    DeadLetters deadLetters;

    /**
     * Renders the invoice the message names. A message that can never succeed (no tenant, no invoice,
     * one that does not exist) goes straight to the dead-letter queue with its reason, nothing
     * written; any other failure comes back until the queue's attempts are spent.
     */
    @Override
    protected void handleMessage(SQSEvent.SQSMessage message) {
        try {
            worker.handle(parse(message), receiveCount(message));
        } catch (InvoiceWorker.UnusableMessageException e) {
            if (!deadLetters.divert(worker.deadLetterQueueUrl(), message, e.getMessage())) {
                throw e;
            }
        }
    }

    private InvoiceMessage parse(SQSEvent.SQSMessage message) {
        try {
            return json.read(
                    message.getBody() == null ? new byte[0] : message.getBody().getBytes(StandardCharsets.UTF_8),
                    InvoiceMessage.class);
        } catch (RuntimeException e) {
            throw new InvoiceWorker.UnusableMessageException("The message body is not an invoice message.");
        }
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

    private static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
