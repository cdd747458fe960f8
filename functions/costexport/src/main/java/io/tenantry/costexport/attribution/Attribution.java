package io.tenantry.costexport.attribution;

import io.tenantry.costexport.pricing.UsageModel;
import io.tenantry.costexport.usage.TenantRow;
import io.tenantry.costexport.usage.UsageTotals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * The exact split of the period's cost: a tenant's share is, over every line, the line's cost times the tenant's
 * part of the line's driver. The shares add up to the total exactly (to 34 significant digits); they are then
 * scaled to the total rounded to the cent, which {@link LargestRemainder} turns into whole cents.
 */
public final class Attribution {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final List<CostLine> lines;
    private final UsageModel model;
    private final UsageTotals totals;
    private final BigDecimal totalUsd;
    private final long totalCents;

    public Attribution(List<CostLine> lines, UsageModel model, UsageTotals totals) {
        this.lines = List.copyOf(lines);
        this.model = model;
        this.totals = totals;
        this.totalUsd = lines.stream().map(CostLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        this.totalCents =
                totalUsd.multiply(HUNDRED).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    public List<CostLine> lines() {
        return lines;
    }

    /** The period's infrastructure cost, exact. */
    public BigDecimal totalUsd() {
        return totalUsd;
    }

    /** The period's infrastructure cost in cents, rounded half up. */
    public long totalCents() {
        return totalCents;
    }

    /** What the attributed costs add up to: the total, or nothing when no tenant was active to carry it. */
    public long attributableCents() {
        return totals.tenants() == 0 ? 0 : totalCents;
    }

    /** The total split evenly, rounded half up to the cent: what the crude formula gives. */
    public long naiveCents() {
        return totals.tenants() == 0
                ? 0
                : BigDecimal.valueOf(totalCents)
                        .divide(BigDecimal.valueOf(totals.tenants()), 0, RoundingMode.HALF_UP)
                        .longValueExact();
    }

    /** The tenant's exact share of the exact total, in USD. */
    public BigDecimal exactUsd(TenantRow row) {
        if (totalUsd.signum() == 0 || totals.tenants() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal usd = BigDecimal.ZERO;
        for (CostLine line : lines) {
            if (line.costUsd().signum() == 0) {
                continue;
            }
            BigDecimal part;
            BigDecimal whole;
            CostLine.Driver driver = line.driver();
            if (driver == CostLine.Driver.OWN && line.quantity().signum() == 0) {
                driver = totals.requests() > 0 ? CostLine.Driver.REQUESTS : CostLine.Driver.EQUAL;
            }
            switch (driver) {
                case OWN -> {
                    part = model.quantity(row, line.id());
                    whole = line.quantity();
                }
                case REQUESTS -> {
                    part = BigDecimal.valueOf(row.requests());
                    whole = BigDecimal.valueOf(totals.requests());
                }
                default -> {
                    part = BigDecimal.ONE;
                    whole = BigDecimal.valueOf(totals.tenants());
                }
            }
            if (part.signum() != 0) {
                usd = usd.add(line.costUsd().multiply(part).divide(whole, MathContext.DECIMAL128));
            }
        }
        return usd;
    }

    /** The tenant's exact share scaled to the total rounded to the cent, in cents: what is rounded. */
    public BigDecimal shareCents(BigDecimal exactUsd) {
        if (exactUsd.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return exactUsd.multiply(BigDecimal.valueOf(totalCents)).divide(totalUsd, MathContext.DECIMAL128);
    }

    /**
     * The tenant's exact share of the exact total in percent, four decimals: informative even on a day whose total
     * rounds to $0.00.
     */
    public BigDecimal sharePercent(BigDecimal exactUsd) {
        if (totalUsd.signum() == 0) {
            return BigDecimal.ZERO.setScale(4);
        }
        return exactUsd.multiply(HUNDRED).divide(totalUsd, 4, RoundingMode.HALF_UP);
    }
}
