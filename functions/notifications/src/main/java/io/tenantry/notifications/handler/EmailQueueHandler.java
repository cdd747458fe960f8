package io.tenantry.notifications.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.notifications.service.EmailSender;
import io.tenantry.shared.email.EmailRequest;
import io.tenantry.shared.queue.Delivery;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import jakarta.inject.Inject;

/**
 * The email worker: sends the invitations and invoice-ready notices the email queue asks for, through SES, once
 * each. A message it cannot use goes straight to the dead-letter queue with its reason; anything else comes back
 * until the queue's attempts are spent.
 */
public class EmailQueueHandler extends QueueHandler {
    @Inject
    EmailSender sender;

    public EmailQueueHandler() {}

    public EmailQueueHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected void handleMessage(SQSEvent.SQSMessage message, Delivery delivery) {
        sender.send(readJson(message, EmailRequest.class), delivery);
    }

    /** A message of the priming tenant, for priming (QueueHandler#primingMessage): reads find nothing, writes stop. */
    @Override
    protected String primingMessage() {
        return "{\"id\":\"invoice-ready:" + Priming.id("inv_") + "\",\"kind\":\"invoice-ready\",\"tenantId\":\""
                + Priming.TENANT_ID + "\",\"invoiceId\":\"" + Priming.id("inv_")
                + "\",\"invoiceNumber\":\"1\",\"period\":\"2026-01\",\"totalCents\":0,\"currency\":\"USD\"}";
    }

    /** The steps of a send the priming message does not reach ({@link EmailSender#prime}). */
    @Override
    protected void prime(PrimingGuard guard) {
        sender.prime(guard);
    }

    @Override
    protected String deadLetterQueueUrl() {
        return sender.deadLetterQueueUrl();
    }
}
