package io.tenantry.costexport.report;

import io.tenantry.costexport.attribution.Attribution;
import io.tenantry.costexport.attribution.CostLine;
import io.tenantry.costexport.model.Period;
import io.tenantry.costexport.pricing.PriceFile;
import io.tenantry.costexport.pricing.Workload;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code summary.json}: the period, the totals, every input the prices came from (the price file's version and
 * lines, the measured workload, or the bill), the tenants counted, and the check that the attributed costs add up to
 * the total to the cent. Money is written as JSON numbers with two decimals (the exact total with all its digits too).
 */
public final class SummaryJson {
    private SummaryJson() {}

    /** Everything the summary is made from. */
    public record Inputs(
            Period period,
            Instant generatedAt,
            String source,
            Optional<Map<String, BigDecimal>> bill,
            Optional<String> billKey,
            PriceFile prices,
            Workload workload,
            String workloadFile,
            String computeLine,
            String storageLine) {}

    /** The period's sums over every tenant. */
    public record Totals(
            long activeTenants,
            long requests,
            BigDecimal computeGbSeconds,
            BigDecimal storageGbDays,
            long mediaProcessed,
            long invoicesRendered,
            long attributedCents) {}

    public static Map<String, Object> build(
            Inputs inputs, Attribution attribution, Totals totals, DeletedTenants deleted, Map<String, String> files) {
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", inputs.period().from().toString());
        period.put("to", inputs.period().to().toString());
        period.put("days", inputs.period().days());
        summary.put("period", period);
        summary.put("generatedAt", inputs.generatedAt().toString());
        summary.put("currency", "USD");
        summary.put("source", inputs.source());
        inputs.bill().ifPresent(bill -> {
            Map<String, BigDecimal> amounts = new TreeMap<>(bill);
            summary.put("bill", amounts);
        });
        inputs.billKey().ifPresent(key -> summary.put("billKey", key));
        summary.put("activeTenants", totals.activeTenants());

        Map<String, Object> sums = new LinkedHashMap<>();
        sums.put("requests", totals.requests());
        sums.put("computeGbSeconds", six(totals.computeGbSeconds()));
        sums.put("storageGbDays", six(totals.storageGbDays()));
        sums.put("mediaProcessed", totals.mediaProcessed());
        sums.put("invoicesRendered", totals.invoicesRendered());
        sums.put("costUsd", money(attribution.totalCents()));
        sums.put("exactCostUsd", attribution.totalUsd().stripTrailingZeros());
        sums.put("attributedCostUsd", money(totals.attributedCents()));
        sums.put("unattributedCostUsd", money(attribution.totalCents() - attribution.attributableCents()));
        sums.put("naiveCostPerTenantUsd", money(attribution.naiveCents()));
        summary.put("totals", sums);

        summary.put("lines", lines(attribution));
        summary.put("pricing", pricing(inputs));

        Map<String, Object> deletedTenants = new LinkedHashMap<>();
        deletedTenants.put("count", deleted.count());
        deletedTenants.put("listed", deleted.listed());
        summary.put("deletedTenants", deletedTenants);

        Map<String, Object> check = new LinkedHashMap<>();
        long unattributed = attribution.totalCents() - attribution.attributableCents();
        check.put("totalCents", attribution.totalCents());
        check.put("attributedCents", totals.attributedCents());
        check.put("unattributedCents", unattributed);
        check.put("balanced", totals.attributedCents() + unattributed == attribution.totalCents());
        check.put(
                "rounding",
                "Each tenant's exact share is scaled to the total rounded half up to the cent and rounded by largest"
                        + " remainder: whole cents first, the cents left over one each to the largest fractional"
                        + " remainders (ties to the tenant read first), so the attributed costs add up to the total"
                        + " exactly and none is more than a cent from its exact share.");
        summary.put("check", check);
        summary.put("files", files);
        return summary;
    }

    private static List<Map<String, Object>> lines(Attribution attribution) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (CostLine line : attribution.lines()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", line.id());
            entry.put("service", line.service());
            entry.put("description", line.description());
            entry.put("unit", line.unit());
            entry.put("quantity", line.quantity().setScale(6, RoundingMode.HALF_UP));
            entry.put("unitPriceUsd", line.unitPriceUsd().orElse(null));
            entry.put("costUsd", line.costUsd().setScale(6, RoundingMode.HALF_UP));
            entry.put(
                    "splitBy",
                    switch (line.driver()) {
                        case OWN -> "each tenant's quantity of this line";
                        case REQUESTS -> "each tenant's share of API requests";
                        case EQUAL -> "evenly among active tenants";
                    });
            lines.add(entry);
        }
        return lines;
    }

    private static Map<String, Object> pricing(Inputs inputs) {
        PriceFile prices = inputs.prices();
        Map<String, Object> pricing = new LinkedHashMap<>();
        pricing.put("version", prices.version());
        pricing.put("file", prices.location());
        pricing.put("region", prices.region());
        pricing.put("confirmedOn", prices.confirmedOn());
        pricing.put("freeTiersApplied", prices.freeTiersApplied());
        pricing.put("computeLine", inputs.computeLine());
        pricing.put("storageLine", inputs.storageLine());
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("file", inputs.workloadFile());
        workload.put("measuredOn", inputs.workload().measuredOn());
        workload.put("perRequest", plain(inputs.workload().perRequest()));
        workload.put("perMediaUpload", plain(inputs.workload().perMediaUpload()));
        workload.put("perInvoice", plain(inputs.workload().perInvoice()));
        pricing.put("workload", workload);
        return pricing;
    }

    private static Map<String, BigDecimal> plain(Map<String, BigDecimal> quantities) {
        return new TreeMap<>(quantities);
    }

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static BigDecimal six(BigDecimal value) {
        return value.setScale(6, RoundingMode.HALF_UP);
    }
}
