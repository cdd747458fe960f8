package io.tenantry.shared.events;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Something that happened in a tenant, as its webhooks receive it: the body of every delivery is exactly this
 * object, {@code {"id", "type", "timestamp", "tenantId", "data"}}, and {@code id} ({@code evt_…}) is the {@code
 * webhook-id} header of every delivery and retry of it.
 *
 * @param type one of {@link EventTypes#ALL}
 * @param timestamp when it happened (RFC 3339, UTC)
 * @param data the resource as the API shows it (a {@code @Serdeable} record or a map)
 */
@Serdeable
public record TenantEvent(String id, String type, String timestamp, String tenantId, Object data) {}
