package io.tenantry.billing.repository;

import io.tenantry.billing.model.InvoiceMessage;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.OutboxMessage;
import io.tenantry.shared.json.JsonCodec;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends render requests to the invoices queue, a standard queue used as an SQS fair queue: the
 * tenant id is each message's group id, so one tenant asking for many invoices does not delay the
 * others' (SQS serves the groups fairly; ordering within a group is not needed).
 */
@Singleton
public class InvoiceQueue {
    private final SqsClient sqs;
    private final JsonCodec json;
    private final BillingSettings settings;

    public InvoiceQueue(SqsClient sqs, JsonCodec json, BillingSettings settings) {
        this.sqs = sqs;
        this.json = json;
        this.settings = settings;
    }

    /** Sends the render request now (a nudge of an invoice already pending: no change goes with it). */
    public void send(TenantAccess access, String invoiceId) {
        String body = body(access, invoiceId);
        sqs.sendMessage(b -> b.queueUrl(settings.queueUrl()).messageBody(body).messageGroupId(access.tenantId()));
    }

    /** The render request as an outbox message, written with the change that makes the invoice pending. */
    public OutboxMessage message(TenantAccess access, String invoiceId, Instant now) {
        return OutboxMessage.of(OutboxMessage.INVOICES, access.tenantId(), body(access, invoiceId), 0, now);
    }

    private String body(TenantAccess access, String invoiceId) {
        return new String(json.write(new InvoiceMessage(access.tenantId(), invoiceId)), StandardCharsets.UTF_8);
    }
}
