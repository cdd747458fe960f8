package io.tenantry.costexport.usage;

import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.metering.TenantUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Optional;

/**
 * One tenant's line of the export before it is priced: who it is (name and plan are blank once a purge has erased
 * them) and its metered use over the period. {@code storageGbMonths} weighs each day's stored bytes by the length of
 * its month, as AWS prorates GB-months.
 */
public record TenantRow(
        String tenantId,
        String name,
        String plan,
        boolean deleted,
        Optional<Instant> deletedAt,
        long requests,
        long computeMbMs,
        long storageByteDays,
        BigDecimal storageGbMonths,
        long mediaProcessed,
        long invoicesRendered) {
    static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal MB_MS_PER_GB_SECOND = BigDecimal.valueOf(DailyUsage.MB_MS_PER_GB_SECOND);

    /** The row of one tenant's usage, with what the tenant directory knows of it. */
    public static TenantRow of(TenantUsage usage, TenantDirectory.Entry entry) {
        BigDecimal gbMonths = BigDecimal.ZERO;
        for (DailyUsage day : usage.days()) {
            if (day.storageBytes() != 0) {
                gbMonths = gbMonths.add(BigDecimal.valueOf(day.storageBytes())
                        .divide(
                                BYTES_PER_GB.multiply(
                                        BigDecimal.valueOf(day.date().lengthOfMonth())),
                                MathContext.DECIMAL128));
            }
        }
        boolean deleted = usage.tenant().deleted() || entry.deleting();
        Optional<Instant> deletedAt = usage.tenant().deletedAt().or(entry::deletedAt);
        return new TenantRow(
                usage.tenant().tenantId(),
                entry.name(),
                entry.plan(),
                deleted,
                deletedAt,
                usage.requests(),
                usage.computeMbMs(),
                usage.storageByteDays(),
                gbMonths,
                usage.mediaProcessed(),
                usage.invoicesRendered());
    }

    /** Billed compute in GB-seconds, exact. */
    public BigDecimal computeGbSeconds() {
        return BigDecimal.valueOf(computeMbMs).divide(MB_MS_PER_GB_SECOND, MathContext.DECIMAL128);
    }

    /** Stored bytes summed over the days, in GB-days (GB = 2^30 bytes), exact. */
    public BigDecimal storageGbDays() {
        return BigDecimal.valueOf(storageByteDays).divide(BYTES_PER_GB, MathContext.DECIMAL128);
    }
}
