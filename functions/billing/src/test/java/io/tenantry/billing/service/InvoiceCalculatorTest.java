package io.tenantry.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.InvoiceLine;
import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.pricing.Meter;
import io.tenantry.shared.pricing.PlanPrice;
import io.tenantry.shared.pricing.PriceList;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The price list and the rounding rules, in integer cents: a started block of overage is billed in full. */
class InvoiceCalculatorTest {
    static ApplicationContext context;
    static PriceList prices;
    static InvoiceCalculator calculator;
    static final YearMonth MARCH = YearMonth.of(2026, 3);
    static final long GIB = 1L << 30;
    static final long MB_MS = DailyUsage.MB_MS_PER_GB_SECOND;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        prices = context.getBean(PriceList.class);
        calculator = new InvoiceCalculator(prices);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    /** One day of usage holding the month's totals (storage: a level on that one day). */
    static List<DailyUsage> month(long requests, long mbMs, long storageByteDays, long media) {
        List<DailyUsage> days = new ArrayList<>();
        for (int d = 1; d <= MARCH.lengthOfMonth(); d++) {
            LocalDate date = MARCH.atDay(d);
            days.add(
                    d == 1
                            ? new DailyUsage(date, requests, mbMs / 1024, mbMs, storageByteDays, media, 0)
                            : DailyUsage.empty(date, 0));
        }
        return days;
    }

    @ParameterizedTest
    @EnumSource(Plan.class)
    void everyPlan_pricesEveryMeter_inUsdCents(Plan plan) {
        PlanPrice price = prices.of(plan);
        assertEquals("USD", prices.currency());
        assertEquals("v1", prices.version());
        for (Meter meter : Meter.values()) {
            assertTrue(price.included().containsKey(meter), meter.toString());
            assertTrue(price.overage().get(meter).perUnits() >= 1, meter.toString());
        }
    }

    @Test
    void usageWithinTheIncludedQuantities_costsTheFeeAlone() {
        var priced = calculator.price(Plan.PRO, MARCH, month(5_000_000, 50_000 * MB_MS, 50 * GIB * 31, 5_000));
        assertEquals(4900, priced.totalCents());
        assertEquals(5, priced.lines().size());
        assertEquals(
                new InvoiceLine("Pro plan, monthly fee for 2026-03", 1, 4900, 4900),
                priced.lines().getFirst());
        priced.lines().subList(1, 5).forEach(l -> assertEquals(0, l.quantity(), l.toString()));
    }

    @ParameterizedTest(name = "{0} requests on free: {1} blocks")
    @CsvSource({"100000, 0", "100001, 1", "110000, 1", "110001, 2", "0, 0", "1000000, 90"})
    void requestOverage_isBilledPerStartedBlockOfTenThousand(long requests, long blocks) {
        InvoiceLine line = calculator
                .price(Plan.FREE, MARCH, month(requests, 0, 0, 0))
                .lines()
                .get(1);
        assertEquals(blocks, line.quantity());
        assertEquals(10, line.unitCents());
        assertEquals(blocks * 10, line.amountCents());
        assertTrue(line.description().startsWith("API requests: "), line.description());
    }

    @Test
    void computeOverage_isCountedInMegabyteMilliseconds_beforeAnyRounding() {
        long included = 50_000 * MB_MS;
        assertEquals(0, computeLine(Plan.PRO, included).quantity());
        assertEquals(1, computeLine(Plan.PRO, included + 1).quantity(), "one megabyte-millisecond over");
        assertEquals(1, computeLine(Plan.PRO, included + 100 * MB_MS).quantity());
        InvoiceLine two = computeLine(Plan.PRO, included + 100 * MB_MS + 1);
        assertEquals(2, two.quantity());
        assertEquals(30, two.amountCents(), "2 × 15 cents per 100 GB-seconds started");
    }

    @Test
    void storageOverage_isInGigabyteMonths_ofTheDaysStored() {
        // Free includes 1 GB-month: 1 GiB stored every day of March (31 days) is exactly that.
        assertEquals(0, storageLine(GIB * 31).quantity());
        assertEquals(1, storageLine(GIB * 31 + 1).quantity());
        // 3 GiB for 31 days is 3 GB-months: 2 over.
        InvoiceLine over = storageLine(3 * GIB * 31);
        assertEquals(2, over.quantity());
        assertEquals(20, over.amountCents());
    }

    @Test
    void theTotal_isTheSumOfTheLines_andEachLineIsQuantityTimesUnit() {
        var priced = calculator.price(
                Plan.ENTERPRISE, MARCH, month(123_456_789, 2_000_000 * MB_MS, 5_000 * GIB * 31, 250_001));
        long sum = 0;
        for (InvoiceLine line : priced.lines()) {
            assertEquals(line.quantity() * line.unitCents(), line.amountCents(), line.toString());
            sum += line.amountCents();
        }
        assertEquals(sum, priced.totalCents());
        // 49900 fee + requests ceil(23,456,789 / 10,000) = 2346 × 5 + compute 10,000 × 10
        // + storage 4,000 × 5 + media ceil(150,001 / 100) = 1501 × 25
        assertEquals(49_900 + 2_346 * 5 + 10_000 * 10 + 4_000 * 5 + 1_501 * 25, priced.totalCents());
    }

    static InvoiceLine computeLine(Plan plan, long mbMs) {
        return calculator.price(plan, MARCH, month(0, mbMs, 0, 0)).lines().get(2);
    }

    static InvoiceLine storageLine(long byteDays) {
        return calculator
                .price(Plan.FREE, MARCH, month(0, 0, byteDays, 0))
                .lines()
                .get(3);
    }
}
