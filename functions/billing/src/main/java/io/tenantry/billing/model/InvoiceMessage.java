package io.tenantry.billing.model;

import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.queue.TenantMessage;

/** What the invoices queue carries: which invoice of which tenant to render. */
@Serdeable
public record InvoiceMessage(String tenantId, String invoiceId) implements TenantMessage {}
