package io.tenantry.costexport.report;

import io.tenantry.costexport.usage.TenantRow;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** A tenant's row with its costs: what the CSV and the report show. */
public record PricedRow(TenantRow usage, long attributedCents, long naiveCents, BigDecimal sharePercent) {

    public static String usd(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    public static String sixDecimals(BigDecimal value) {
        return value.setScale(6, RoundingMode.HALF_UP).toPlainString();
    }

    /** The name to show: the tenant's name, or its id once a purge erased the name. */
    public String label() {
        return usage.name().isBlank() ? usage.tenantId() : usage.name();
    }
}
