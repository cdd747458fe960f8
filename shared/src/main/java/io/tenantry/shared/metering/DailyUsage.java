package io.tenantry.shared.metering;

import java.time.LocalDate;

/**
 * What a tenant used on one UTC day: requests, billed compute in milliseconds and in
 * megabyte-milliseconds ({@link #computeGbSeconds()} follows), the bytes it stored at the end of the
 * day, media processed and invoices rendered.
 */
public record DailyUsage(
        LocalDate date,
        long requests,
        long computeMs,
        long computeMbMs,
        long storageBytes,
        long mediaProcessed,
        long invoicesRendered) {

    /** Megabyte-milliseconds in one gigabyte-second. */
    public static final long MB_MS_PER_GB_SECOND = 1024L * 1000L;

    public static DailyUsage empty(LocalDate date, long storageBytes) {
        return new DailyUsage(date, 0, 0, 0, storageBytes, 0, 0);
    }

    /** Billed compute in GB-seconds (memory in GB × seconds), exact to the megabyte-millisecond. */
    public double computeGbSeconds() {
        return computeMbMs / (double) MB_MS_PER_GB_SECOND;
    }

    /** True when nothing but storage was metered this day. */
    public boolean hasNoActivity() {
        return requests == 0 && computeMs == 0 && mediaProcessed == 0 && invoicesRendered == 0;
    }
}
