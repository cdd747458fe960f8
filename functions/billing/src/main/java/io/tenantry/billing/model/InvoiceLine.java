package io.tenantry.billing.model;

import io.micronaut.serde.annotation.Serdeable;

/** One line of an invoice: {@code amountCents} is always {@code quantity × unitCents}. */
@Serdeable
public record InvoiceLine(String description, long quantity, long unitCents, long amountCents) {}
