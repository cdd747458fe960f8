package io.tenantry.costexport.usage;

import io.tenantry.costexport.model.Period;
import io.tenantry.shared.auth.SyntheticTenant;
import io.tenantry.shared.metering.ActiveTenant;
import io.tenantry.shared.metering.TenantUsage;
import io.tenantry.shared.metering.UsageReader;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pass one of an export: every tenant active in the period, a chunk at a time (their usage in batched reads, their
 * names and plans in one {@code BatchGetItem} per chunk), into the spill file, summing the totals on the way. Holds
 * one chunk in memory, never the tenant list.
 */
@Singleton
public final class UsageCollector {
    static final int CHUNK = 50;

    private final UsageReader usage;
    private final TenantDirectory directory;

    public UsageCollector(UsageReader usage, TenantDirectory directory) {
        this.usage = usage;
        this.directory = directory;
    }

    public UsageTotals collect(Period period, SpillFile spill) {
        UsageTotals totals = new UsageTotals();
        try (Stream<ActiveTenant> tenants = usage.activeTenants(period.from(), period.to())) {
            // The deployment checks' tenant is no customer: whatever usage it has, it is never exported.
            Iterator<ActiveTenant> iterator =
                    tenants.filter(t -> !SyntheticTenant.is(t.tenantId())).iterator();
            List<ActiveTenant> chunk = new ArrayList<>(CHUNK);
            while (iterator.hasNext()) {
                chunk.add(iterator.next());
                if (chunk.size() == CHUNK || !iterator.hasNext()) {
                    write(chunk, period, spill, totals);
                    chunk.clear();
                }
            }
        }
        return totals;
    }

    private void write(List<ActiveTenant> chunk, Period period, SpillFile spill, UsageTotals totals) {
        List<TenantUsage> used = usage.usage(chunk, period.from(), period.to());
        Map<String, TenantDirectory.Entry> entries =
                directory.lookup(chunk.stream().map(ActiveTenant::tenantId).toList());
        for (TenantUsage tenant : used) {
            TenantRow row = TenantRow.of(tenant, entries.get(tenant.tenant().tenantId()));
            spill.append(row);
            totals.add(row);
        }
    }
}
