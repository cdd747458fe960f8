package io.tenantry.shared.pricing;

import java.util.Map;

/**
 * A plan's prices: the monthly fee in cents, the quantity of each meter included every month, and
 * the overage price of each: {@code unitCents} per block of {@code perUnits} units beyond the
 * included quantity.
 */
public record PlanPrice(long monthlyFeeCents, Map<Meter, Long> included, Map<Meter, Overage> overage) {

    /** The price of one block of {@code perUnits} units of a meter beyond the included quantity. */
    public record Overage(long perUnits, long unitCents) {}
}
