package io.tenantry.costexport.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tenants deleted during or before the period whose usage the export still counts: listed, up to a bound. */
public final class DeletedTenants {
    /** summary.json lists at most this many; the count is always exact. */
    public static final int LISTED = 1_000;

    private final List<Map<String, Object>> listed = new ArrayList<>();
    private long count;

    public void offer(PricedRow row) {
        if (!row.usage().deleted()) {
            return;
        }
        count++;
        if (listed.size() < LISTED) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("tenantId", row.usage().tenantId());
            entry.put("deletedAt", row.usage().deletedAt().map(Object::toString).orElse(null));
            entry.put("purged", row.usage().name().isBlank());
            entry.put("attributedCostUsd", java.math.BigDecimal.valueOf(row.attributedCents(), 2));
            listed.add(entry);
        }
    }

    public long count() {
        return count;
    }

    public List<Map<String, Object>> listed() {
        return listed;
    }
}
