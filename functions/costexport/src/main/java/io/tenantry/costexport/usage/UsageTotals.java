package io.tenantry.costexport.usage;

import java.math.BigDecimal;

/** The period's metered use summed over every active tenant, kept while the rows are read. */
public final class UsageTotals {
    private long tenants;
    private long deletedTenants;
    private long requests;
    private long computeMbMs;
    private long storageByteDays;
    private BigDecimal storageGbMonths = BigDecimal.ZERO;
    private long mediaProcessed;
    private long invoicesRendered;

    public void add(TenantRow row) {
        tenants++;
        if (row.deleted()) {
            deletedTenants++;
        }
        requests = Math.addExact(requests, row.requests());
        computeMbMs = Math.addExact(computeMbMs, row.computeMbMs());
        storageByteDays = Math.addExact(storageByteDays, row.storageByteDays());
        storageGbMonths = storageGbMonths.add(row.storageGbMonths());
        mediaProcessed = Math.addExact(mediaProcessed, row.mediaProcessed());
        invoicesRendered = Math.addExact(invoicesRendered, row.invoicesRendered());
    }

    /** The totals as one row, so that the usage model prices totals and tenants the same way. */
    public TenantRow asRow() {
        return new TenantRow(
                "",
                "",
                "",
                false,
                java.util.Optional.empty(),
                requests,
                computeMbMs,
                storageByteDays,
                storageGbMonths,
                mediaProcessed,
                invoicesRendered);
    }

    public long tenants() {
        return tenants;
    }

    public long deletedTenants() {
        return deletedTenants;
    }

    public long requests() {
        return requests;
    }
}
