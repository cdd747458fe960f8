package io.tenantry.costexport.pricing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned file of AWS list prices ({@code pricing/aws-prices.json}): the lines the cost model prices usage
 * with, the region and currency they hold for, the day they were last confirmed, and whether free tiers are
 * applied (never: they are account-wide).
 */
public record PriceFile(
        String version,
        String region,
        String currency,
        String confirmedOn,
        boolean freeTiersApplied,
        String location,
        List<PriceLine> lines) {

    public Optional<PriceLine> line(String id) {
        return lines.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    /** The lines by id, in file order. */
    public Map<String, PriceLine> byId() {
        Map<String, PriceLine> byId = new LinkedHashMap<>();
        lines.forEach(l -> byId.put(l.id(), l));
        return byId;
    }
}
