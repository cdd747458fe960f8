package io.tenantry.webhooks.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What the webhook events queue carries, one of two kinds:
 *
 * <ul>
 *   <li>a tenant event as published ({@code id}, {@code type}, {@code timestamp}, {@code tenantId}, {@code data}; no
 *       {@code deliveryId}): the worker makes one delivery of it per subscribed webhook. Its body, as it came, is
 *       the body of those deliveries;
 *   <li>an attempt ({@code deliveryId}, {@code webhookId}, {@code attempt}: the attempts made before it, {@code dueAt}
 *       and the {@code body} to post): the worker posts it, once it is due.
 * </ul>
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookMessage(
        String id,
        String type,
        String timestamp,
        String tenantId,
        String webhookId,
        String deliveryId,
        Integer attempt,
        String dueAt,
        String body) {

    public boolean isAttempt() {
        return deliveryId != null;
    }
}
