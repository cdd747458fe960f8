package io.tenantry.tenants.purge;

import io.micronaut.serde.annotation.Serdeable;
import io.tenantry.shared.queue.TenantMessage;

/**
 * What the purge queue carries: the tenant to purge, and whether this is the delayed second pass
 * ({@code sweep}) that removes anything written after the first (a request admitted just before the
 * tenant was closed and still running).
 */
@Serdeable
public record PurgeMessage(String tenantId, boolean sweep) implements TenantMessage {}
