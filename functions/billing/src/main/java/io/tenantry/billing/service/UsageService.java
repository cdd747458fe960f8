package io.tenantry.billing.service;

import io.tenantry.billing.model.UsageQuery;
import io.tenantry.billing.model.UsageReport;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.metering.UsageMeter;
import io.tenantry.shared.metering.UsageReader;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/** The tenant's metered usage per day, as {@code GET /v1/usage} shows it. */
@Singleton
public class UsageService {
    private final UsageReader reader;
    private final UsageMeter meter;

    public UsageService(UsageReader reader, UsageMeter meter) {
        this.reader = reader;
        this.meter = meter;
    }

    public LocalDate today() {
        return reader.today();
    }

    /**
     * The tenant's usage per day. This instance's own pending counts go to the journal first; where the lines are
     * delivered in process (the local backend, tests) that counts them, and any delivery that failed before is tried
     * again, so a single JVM reads its own requests. On Lambda, lines reach the table within the log subscription's
     * delay (seconds; docs/metering.md).
     */
    public UsageReport usage(TenantAccess access, UsageQuery query) {
        meter.flushForRead();
        return new UsageReport(
                query.from().toString(),
                query.to().toString(),
                reader.daily(access, query.from(), query.to()).stream()
                        .map(UsageService::toDay)
                        .toList());
    }

    private static UsageReport.Day toDay(DailyUsage day) {
        return new UsageReport.Day(
                day.date().toString(),
                day.requests(),
                day.computeMs(),
                gbSeconds(day.computeMbMs()),
                day.storageBytes(),
                day.mediaProcessed(),
                day.invoicesRendered());
    }

    /** GB-seconds to six decimals (half up): exact enough to show a single millisecond at 128 MB. */
    static double gbSeconds(long mbMs) {
        return BigDecimal.valueOf(mbMs)
                .divide(BigDecimal.valueOf(DailyUsage.MB_MS_PER_GB_SECOND), 6, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
