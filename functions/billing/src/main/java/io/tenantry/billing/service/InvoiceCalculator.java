package io.tenantry.billing.service;

import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.pricing.Meter;
import io.tenantry.shared.pricing.PlanPrice;
import io.tenantry.shared.pricing.PriceList;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prices a month of metered usage with the price list, in integer cents, by these rules:
 *
 * <ol>
 *   <li>the plan's monthly fee, in full, as one line (quantity 1);
 *   <li>per meter, one line: the usage over the included quantity, in whole blocks of the price's
 *       {@code perUnits}, a started block counting in full (rounded up); {@code amountCents =
 *       quantity × unitCents}, exactly; a line with nothing over the included quantity is shown
 *       with quantity 0;
 *   <li>the total is the sum of the lines' amounts.
 * </ol>
 *
 * Quantities are compared in the meters' own integer units, so no rounding happens before the
 * block count: requests; compute in megabyte-milliseconds (1 GB-second = 1024 × 1000); storage in
 * byte-days (1 GB-month = 2^30 bytes × the days of the month: the bytes stored at the end of each
 * day, summed); media files processed. Descriptions show quantities rounded half up for reading
 * only.
 */
@Singleton
public class InvoiceCalculator {
    static final long GIB = 1L << 30;

    private final PriceList prices;

    public InvoiceCalculator(PriceList prices) {
        this.prices = prices;
    }

    /** The lines and total of an invoice. */
    public record Priced(List<InvoiceLine> lines, long totalCents, String currency, String pricingVersion) {}

    public Priced price(Plan plan, YearMonth period, List<DailyUsage> days) {
        PlanPrice price = prices.of(plan);
        List<InvoiceLine> lines = new ArrayList<>();
        lines.add(new InvoiceLine(
                capitalized(plan.wireName()) + " plan, monthly fee for " + period,
                1,
                price.monthlyFeeCents(),
                price.monthlyFeeCents()));
        long requests = days.stream().mapToLong(DailyUsage::requests).sum();
        long mbMs = days.stream().mapToLong(DailyUsage::computeMbMs).sum();
        long byteDays = days.stream().mapToLong(DailyUsage::storageBytes).sum();
        long media = days.stream().mapToLong(DailyUsage::mediaProcessed).sum();
        long daysInMonth = period.lengthOfMonth();
        String currency = prices.currency();
        lines.add(line(price, currency, Meter.REQUESTS, requests, 1, "API requests", whole(requests), ""));
        lines.add(line(
                price,
                currency,
                Meter.COMPUTE_GB_SECONDS,
                mbMs,
                DailyUsage.MB_MS_PER_GB_SECOND,
                "Compute",
                decimal(mbMs, DailyUsage.MB_MS_PER_GB_SECOND, 3),
                " GB-seconds"));
        lines.add(line(
                price,
                currency,
                Meter.STORAGE_GB_MONTHS,
                byteDays,
                GIB * daysInMonth,
                "Storage",
                decimal(byteDays, GIB * daysInMonth, 6),
                " GB-months"));
        lines.add(line(price, currency, Meter.MEDIA_PROCESSED, media, 1, "Media processed", whole(media), " files"));
        long total = lines.stream().mapToLong(InvoiceLine::amountCents).sum();
        return new Priced(List.copyOf(lines), total, currency, prices.version());
    }

    /**
     * The invoice of a month before the tenant existed: one line saying so, nothing to pay (no fee,
     * no usage).
     */
    public Priced beforeTheTenant(YearMonth period, YearMonth created) {
        InvoiceLine line =
                new InvoiceLine("No charges: the tenant was created in " + created + ", after " + period, 0, 0, 0);
        return new Priced(List.of(line), 0, prices.currency(), prices.version());
    }

    /**
     * The overage line of one meter. {@code used} and the block are in the meter's integer unit;
     * {@code unitSize} converts one priced unit (a GB-second, a GB-month) into it.
     */
    static InvoiceLine line(
            PlanPrice price,
            String currency,
            Meter meter,
            long used,
            long unitSize,
            String name,
            String shown,
            String unit) {
        long included = price.included().get(meter);
        PlanPrice.Overage overage = price.overage().get(meter);
        long over = Math.max(0, used - Math.multiplyExact(included, unitSize));
        long block = Math.multiplyExact(overage.perUnits(), unitSize);
        long blocks = over == 0 ? 0 : (over + block - 1) / block;
        String description = name + ": " + shown + unit + " used, " + whole(included) + unit + " included; over that, "
                + money(overage.unitCents()) + " " + currency + " per " + whole(overage.perUnits()) + unit + " started";
        return new InvoiceLine(
                description, blocks, overage.unitCents(), Math.multiplyExact(blocks, overage.unitCents()));
    }

    static String whole(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    static String decimal(long numerator, long denominator, int scale) {
        return BigDecimal.valueOf(numerator)
                .divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP)
                .toPlainString();
    }

    /** Cents as {@code 12.34}. */
    static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
