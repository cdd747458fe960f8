package io.tenantry.billing.repository;

import io.tenantry.billing.model.Invoice;
import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.shared.auth.TenantAccess;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Storage of a tenant's invoices, one per period, numbered 1, 2, 3… per tenant. */
public interface InvoiceRepository {

    /** What {@link #create} did. */
    enum Created {
        CREATED,
        /** Another invoice holds the period (a racing request made it). */
        PERIOD_TAKEN,
        /** The tenant's invoice counter moved, or a concurrent write conflicted: read it again and retry. */
        RETRY,
        /** The tenant does not exist or is not active. */
        TENANT_INACTIVE
    }

    /** The tenant's record as invoicing needs it. */
    record TenantInfo(String name, String plan, String status, String createdAt, long invoiceCount) {}

    Optional<TenantInfo> tenant(TenantAccess access);

    /**
     * Creates the pending invoice numbered {@code invoiceCount + 1}, in one transaction with the
     * tenant's counter (still at {@code invoiceCount}, tenant active) and the period's claim.
     */
    Created create(TenantAccess access, Invoice invoice, long invoiceCount);

    Optional<Invoice> find(TenantAccess access, String invoiceId);

    Optional<Invoice> findByPeriod(TenantAccess access, YearMonth period);

    /** Invoices newest first, after {@code afterId} (exclusive), at most {@code limit + 1}. */
    List<Invoice> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit);

    /** pending → rendering with the frozen lines; empty when the invoice was not pending. */
    Optional<Invoice> freeze(
            TenantAccess access,
            String invoiceId,
            List<InvoiceLine> lines,
            long totalCents,
            String pricingVersion,
            String issuedAt,
            String tenantName,
            String objectKey);

    /** rendering → ready; empty when the invoice was not rendering. */
    Optional<Invoice> markReady(TenantAccess access, String invoiceId, String now);

    /** pending or rendering → failed with a reason; empty when it was neither. */
    Optional<Invoice> markFailed(TenantAccess access, String invoiceId, String reason, String now);

    /** failed → pending (lines and reason cleared); empty when it was not failed. */
    Optional<Invoice> reopen(TenantAccess access, String invoiceId, String now);
}
