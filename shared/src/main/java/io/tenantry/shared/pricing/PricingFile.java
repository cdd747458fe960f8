package io.tenantry.shared.pricing;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** The JSON shape of a pricing file ({@code pricing/plans-<version>.json}). */
@Serdeable
record PricingFile(
        String version, String currency, String effectiveFrom, List<String> notes, Map<String, PlanFile> plans) {

    @Serdeable
    record PlanFile(long monthlyFeeCents, Map<String, Long> included, Map<String, OverageFile> overage) {}

    @Serdeable
    record OverageFile(long perUnits, long unitCents) {}
}
