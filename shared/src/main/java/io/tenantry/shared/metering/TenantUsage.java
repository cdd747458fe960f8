package io.tenantry.shared.metering;

import java.util.List;

/** One tenant's usage over a period: one {@link DailyUsage} per day, every day of the period. */
public record TenantUsage(ActiveTenant tenant, List<DailyUsage> days) {

    public long requests() {
        return days.stream().mapToLong(DailyUsage::requests).sum();
    }

    public long computeMs() {
        return days.stream().mapToLong(DailyUsage::computeMs).sum();
    }

    public long computeMbMs() {
        return days.stream().mapToLong(DailyUsage::computeMbMs).sum();
    }

    /** The sum of each day's stored bytes: byte-days, so that GB-days and GB-months follow. */
    public long storageByteDays() {
        return days.stream().mapToLong(DailyUsage::storageBytes).sum();
    }

    public long mediaProcessed() {
        return days.stream().mapToLong(DailyUsage::mediaProcessed).sum();
    }

    public long invoicesRendered() {
        return days.stream().mapToLong(DailyUsage::invoicesRendered).sum();
    }
}
