package io.tenantry.billing.repository;

import io.micronaut.context.annotation.Value;
import io.tenantry.shared.aws.TenantCredentials;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Where invoices go, from the environment the template sets: {@code TENANTRY_INVOICES_QUEUE} (the
 * queue's URL), {@code TENANTRY_INVOICES_DEAD_LETTERS} (its dead-letter queue's URL), {@code
 * TENANTRY_INVOICES_BUCKET}, {@code TENANTRY_INVOICES_ATTEMPTS} (the queue's
 * {@code maxReceiveCount}: the worker marks an invoice {@code failed} when the last attempt fails)
 * and {@code TENANTRY_INVOICES_DOWNLOAD_MINUTES} (how long a download URL stays valid).
 */
@Singleton
public final class BillingSettings {
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final String bucket;
    private final int attempts;
    private final Duration downloadValidity;

    public BillingSettings(
            @Value("${tenantry.invoices.queue:}") String queueUrl,
            @Value("${tenantry.invoices.dead.letters:}") String deadLetterQueueUrl,
            @Value("${tenantry.invoices.bucket:}") String bucket,
            @Value("${tenantry.invoices.attempts:3}") int attempts,
            @Value("${tenantry.invoices.download.minutes:15}") int downloadMinutes) {
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.bucket = bucket;
        this.attempts = Math.max(1, attempts);
        // A presigned URL dies with the session that signed it: tenant credentials are used while at
        // least TenantCredentials.MIN_REMAINING of their hour is left, so no URL may live longer.
        this.downloadValidity =
                Duration.ofMinutes(Math.max(1, Math.min(downloadMinutes, TenantCredentials.MIN_REMAINING.toMinutes())));
    }

    public String queueUrl() {
        return queueUrl;
    }

    /** Where messages that can never succeed go at once. */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public String bucket() {
        return bucket;
    }

    public int attempts() {
        return attempts;
    }

    public Duration downloadValidity() {
        return downloadValidity;
    }
}
