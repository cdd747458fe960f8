package io.tenantry.shared.metering;

/**
 * What one tenant used on one UTC day, as counters that add up: requests, billed compute (milliseconds
 * and megabyte-milliseconds, so GB-seconds follow), the net change of stored bytes, media processed
 * and invoices rendered. Not thread-safe; {@link UsageMeter} guards it.
 */
final class UsageCounters {
    long requests;
    long computeMs;
    long computeMbMs;
    long storageDeltaBytes;
    long mediaProcessed;
    long invoicesRendered;
    /** How many recorded events these counters hold, for the meter's flush threshold. */
    long events;

    void add(UsageCounters other) {
        requests += other.requests;
        computeMs += other.computeMs;
        computeMbMs += other.computeMbMs;
        storageDeltaBytes += other.storageDeltaBytes;
        mediaProcessed += other.mediaProcessed;
        invoicesRendered += other.invoicesRendered;
        events += other.events;
    }

    UsageCounters copy() {
        UsageCounters copy = new UsageCounters();
        copy.add(this);
        return copy;
    }

    @Override
    public String toString() {
        return "requests=" + requests + " computeMs=" + computeMs + " computeMbMs=" + computeMbMs
                + " storageDeltaBytes=" + storageDeltaBytes + " mediaProcessed=" + mediaProcessed
                + " invoicesRendered=" + invoicesRendered;
    }
}
