package io.tenantry.shared.metering;

import io.tenantry.shared.auth.TenantAccess;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's counters as one flush writes them, frozen: per day, the net storage change, the days
 * whose index entry this write adds, the usage shard and the transaction's idempotency token. A
 * write whose outcome is unknown is retried with exactly this batch, so DynamoDB applies it once.
 */
record UsageBatch(
        TenantAccess access,
        Map<LocalDate, UsageCounters> days,
        long storageDeltaBytes,
        Set<LocalDate> newIndexDays,
        int shard,
        String token,
        long firstAttemptMillis) {

    String tenantId() {
        return access.tenantId();
    }

    long events() {
        return days.values().stream().mapToLong(c -> c.events).sum();
    }
}
