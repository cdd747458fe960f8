package io.tenantry.billing.model;

import java.util.List;

/**
 * An invoice as stored. {@code status} moves {@code pending} → {@code rendering} (lines and total
 * frozen) → {@code ready} (the PDF is stored), or to {@code failed} with a reason once the worker's
 * attempts are spent; asking again for a failed invoice returns it to {@code pending}. The API shows
 * {@code rendering} as {@code pending}.
 */
public record Invoice(
        String id,
        long number,
        String period,
        String status,
        String currency,
        String createdAt,
        String plan,
        String pricingVersion,
        Long totalCents,
        List<InvoiceLine> lines,
        String issuedAt,
        String tenantName,
        String objectKey,
        String reason,
        long version) {
    public static final String PENDING = "pending";
    public static final String RENDERING = "rendering";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    public boolean isFinal() {
        return READY.equals(status) || FAILED.equals(status);
    }
}
