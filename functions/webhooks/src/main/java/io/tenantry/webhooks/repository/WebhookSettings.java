package io.tenantry.webhooks.repository;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The webhooks' configuration, from the environment the template sets:
 *
 * <ul>
 *   <li>{@code TENANTRY_WEBHOOK_EVENTS_QUEUE}: the events queue (the worker also queues its retries there);
 *   <li>{@code TENANTRY_WEBHOOKS_DEAD_LETTERS}: its dead-letter queue;
 *   <li>{@code TENANTRY_WEBHOOKS_SIGNING_SECRET_ID}: the Secrets Manager secret whose value is the data key that
 *       encrypts the endpoints' signing secrets;
 *   <li>{@code TENANTRY_WEBHOOKS_ALLOW_LOOPBACK}: also accept loopback targets, {@code http} or {@code https} (false in
 *       the template; the local backend sets it);
 *   <li>{@code TENANTRY_WEBHOOKS_RETRY_SCALE}: multiplies the retry delays and the 24-hour window (1 in the cloud;
 *       the local backend compresses them);
 *   <li>{@code TENANTRY_WEBHOOKS_TIMEOUT}: the most one delivery may take (10 seconds).
 * </ul>
 */
@Singleton
public final class WebhookSettings {
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final String signingSecretId;
    private final boolean allowLoopback;
    private final double retryScale;
    private final Duration timeout;

    public WebhookSettings(
            @Value("${tenantry.webhook.events.queue:}") String queueUrl,
            @Value("${tenantry.webhooks.dead.letters:}") String deadLetterQueueUrl,
            @Value("${tenantry.webhooks.signing.secret.id:}") String signingSecretId,
            @Value("${tenantry.webhooks.allow.loopback:false}") boolean allowLoopback,
            @Value("${tenantry.webhooks.retry.scale:1}") double retryScale,
            @Value("${tenantry.webhooks.timeout:PT10S}") Duration timeout) {
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.signingSecretId = signingSecretId;
        this.allowLoopback = allowLoopback;
        this.retryScale = retryScale > 0 && retryScale <= 1 ? retryScale : 1;
        this.timeout =
                timeout.isNegative() || timeout.isZero() || timeout.toSeconds() > 10 ? Duration.ofSeconds(10) : timeout;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public String signingSecretId() {
        return signingSecretId;
    }

    public boolean allowLoopback() {
        return allowLoopback;
    }

    public double retryScale() {
        return retryScale;
    }

    public Duration timeout() {
        return timeout;
    }
}
