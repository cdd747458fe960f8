package io.tenantry.shared.metering;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant with metered usage in a period. {@code deleted} tenants have been offboarded and purged:
 * their usage comes from the totals their deletion receipt keeps, and {@code deletedAt} says when
 * the owner asked for the deletion.
 */
public record ActiveTenant(String tenantId, boolean deleted, Optional<Instant> deletedAt) {}
