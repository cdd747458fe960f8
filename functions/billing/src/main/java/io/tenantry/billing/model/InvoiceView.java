package io.tenantry.billing.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An invoice as the API shows it. Ready: {@code totalCents}, {@code lines}, {@code downloadUrl} (a
 * presigned GET of the PDF) and when that URL expires; failed: {@code reason}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceView(
        String id,
        long number,
        String period,
        String status,
        String currency,
        String createdAt,
        Long totalCents,
        List<InvoiceLine> lines,
        String downloadUrl,
        String downloadExpiresAt,
        String reason) {

    /** The view of an invoice; {@code downloadUrl} only when ready. */
    public static InvoiceView of(Invoice invoice, String downloadUrl, String downloadExpiresAt) {
        boolean ready = Invoice.READY.equals(invoice.status());
        return new InvoiceView(
                invoice.id(),
                invoice.number(),
                invoice.period(),
                Invoice.RENDERING.equals(invoice.status()) ? Invoice.PENDING : invoice.status(),
                invoice.currency(),
                invoice.createdAt(),
                ready ? invoice.totalCents() : null,
                ready ? invoice.lines() : null,
                ready ? downloadUrl : null,
                ready ? downloadExpiresAt : null,
                Invoice.FAILED.equals(invoice.status()) ? invoice.reason() : null);
    }
}
