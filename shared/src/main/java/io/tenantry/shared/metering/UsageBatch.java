package io.tenantry.shared.metering;

import io.tenantry.shared.auth.TenantAccess;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's usage lines of one delivery, summed, as one transaction writes them: per day, the net storage
 * change, the days whose index entry this write adds, the usage shard, and the delivery's marker (the same lines
 * make the same marker, so a delivery that comes again is counted once).
 */
record UsageBatch(
        TenantAccess access,
        Map<LocalDate, UsageCounters> days,
        long storageDeltaBytes,
        Set<LocalDate> newIndexDays,
        int shard,
        String marker,
        long lines) {

    String tenantId() {
        return access.tenantId();
    }
}
