package io.tenantry.shared.email;

import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.queue.TenantMessage;
import java.time.Instant;

/**
 * What the email queue carries: which email to send, named by what it is about, never its text (the worker
 * renders it from the current data, so that an invitation revoked meanwhile is not sent). {@code id} is the
 * email's identity for sending it once: the same id is never sent twice, however often its message comes.
 *
 * @param kind {@value #INVITATION} (with {@code userId} and {@code expiresAt}: the invitation being sent) or
 *     {@value #INVOICE_READY} (with the invoice's {@code invoiceId}, {@code invoiceNumber}, {@code period},
 *     {@code totalCents} and {@code currency})
 */
@Serdeable
public record EmailRequest(
        String id,
        String kind,
        String tenantId,
        String userId,
        String expiresAt,
        String invoiceId,
        String invoiceNumber,
        String period,
        Long totalCents,
        String currency)
        implements TenantMessage {
    public static final String INVITATION = "invitation";
    public static final String INVOICE_READY = "invoice-ready";

    /** The invitation of {@code userId} that expires at {@code expiresAt} (a resend is a new email). */
    public static EmailRequest invitation(String tenantId, String userId, Instant expiresAt) {
        return new EmailRequest(
                INVITATION + ":" + userId + ":" + expiresAt.toEpochMilli(),
                INVITATION,
                tenantId,
                userId,
                expiresAt.toString(),
                null,
                null,
                null,
                null,
                null);
    }

    /** The notice, to the tenant's owners and admins, that an invoice is ready (once per invoice). */
    public static EmailRequest invoiceReady(
            String tenantId, String invoiceId, String number, String period, long totalCents, String currency) {
        return new EmailRequest(
                INVOICE_READY + ":" + invoiceId,
                INVOICE_READY,
                tenantId,
                null,
                null,
                invoiceId,
                number,
                period,
                totalCents,
                currency);
    }
}
