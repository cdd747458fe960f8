package io.tenantry.costexport.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.tenantry.costexport.model.InvalidExportRequestException;
import io.tenantry.costexport.pricing.PriceFileException;
import io.tenantry.costexport.report.CsvReport;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.SyntheticTenant;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.metering.UsageArchive;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The export end to end on the emulated table and bucket: known usage for known tenants on days of each test's own,
 * exported, and the three files read back and checked against numbers worked out by hand.
 */
@EmulatedAws
class CostExportHandlerIT {
    static final long GIB = 1L << 30;

    static AwsEnvironment aws;
    static ExportFixture fixture;
    static JsonMapper json;

    @BeforeAll
    static void start(AwsEnvironment environment) {
        aws = environment;
        fixture = new ExportFixture(aws, ExportFixture.fixturePrices());
        json = fixture.context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(text))
                .getRecords();
    }

    static JsonNode summary(String key) throws IOException {
        return json.readValue(fixture.object(key).orElseThrow().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    /** A JSON number equal to this amount (the file writes it with two decimals). */
    static void assertMoney(String expected, JsonNode actual) {
        assertEquals(
                0,
                new BigDecimal(expected)
                        .compareTo(new BigDecimal(actual.getNumberValue().toString())),
                () -> expected + " vs " + actual);
    }

    static Map<String, CSVRecord> byTenant(List<CSVRecord> rows) {
        Map<String, CSVRecord> byTenant = new HashMap<>();
        rows.forEach(r -> byTenant.put(r.get("tenant_id"), r));
        return byTenant;
    }

    /**
     * Three tenants on 2024-06-11 (June: 30 days), fixture prices: $1 per 1,000 requests, $0.01 per GB-second,
     * $0.30 per GB-month, $0.05 per S3 put (2 per upload), $0.10 per queue message (1 per invoice). Requests are
     * metered at 1 ms and 1024 MB each, so every 1,000 requests also bill 1 GB-second.
     *
     * <pre>
     * A: 1,000 requests  $1.00 | 1 + 99 GB-s  $1.00 | 1 GiB for the day = 1/30 GB-month  $0.01
     *    1 upload  $0.10 | 1 invoice  $0.10                                   = 221.000 cents
     * B:   333 requests  $0.333 | 0.333 GB-s  $0.00333                        =  33.633 cents
     * C:   667 requests  $0.667 | 0.667 GB-s  $0.00667                        =  67.367 cents
     * total 322.000 cents = $3.22. Whole cents 221 + 33 + 67 = 321; the cent left over goes to the largest
     * remainder, B's .633: A 2.21, B 0.34, C 0.67. Naive: 322 / 3 = 107.33 -> 1.07 each.
     * Shares: 221/322 = 68.6335 %, 33.633/322 = 10.4450 %, 67.367/322 = 20.9214 %.
     * </pre>
     */
    @Test
    void threeTenants_matchTheHandComputedSplit_toTheCent() throws IOException {
        LocalDate day = LocalDate.of(2024, 6, 11);
        String a = ExportFixture.newTenantId();
        String b = ExportFixture.newTenantId();
        String c = ExportFixture.newTenantId();
        TenantAccess ta = fixture.tenant(a, "Acme, \"the\" first", "pro", "active");
        TenantAccess tb = fixture.tenant(b, "Beta", "free", "active");
        TenantAccess tc = fixture.tenant(c, "Gamma <g>", "enterprise", "active");
        fixture.meter(day, meter -> {
            for (int i = 0; i < 1000; i++) {
                meter.requestServed(ta, 1);
            }
            meter.computed(ta, 99_000);
            meter.stored(ta, GIB);
            meter.mediaProcessed(ta);
            meter.invoiceRendered(ta);
            for (int i = 0; i < 333; i++) {
                meter.requestServed(tb, 1);
            }
            for (int i = 0; i < 667; i++) {
                meter.requestServed(tc, 1);
            }
        });
        // Storage after the period does not count toward it.
        fixture.meter(day.plusDays(1), meter -> meter.stored(ta, 5 * GIB));

        Map<String, Object> result = fixture.export("2024-06-11", "2024-06-11");

        String prefix = "cost-per-tenant/2024/06/11/";
        assertEquals(
                List.of(prefix + "cost-per-tenant.csv", prefix + "report.html", prefix + "summary.json"),
                result.get("files"));
        assertEquals(3L, ((Number) result.get("activeTenants")).longValue());
        assertEquals("3.22", result.get("totalCostUsd").toString());

        String text = fixture.object(prefix + "cost-per-tenant.csv").orElseThrow();
        assertTrue(text.startsWith(String.join(",", CsvReport.HEADER) + "\r\n"), text);
        List<CSVRecord> rows = csv(text);
        assertEquals(3, rows.size());
        Map<String, CSVRecord> byTenant = byTenant(rows);
        CSVRecord ra = byTenant.get(a);
        assertEquals("Acme, \"the\" first", ra.get("tenant_name"));
        assertEquals("pro", ra.get("plan"));
        assertEquals("2024-06-11", ra.get("period_start"));
        assertEquals("2024-06-11", ra.get("period_end"));
        assertEquals("1000", ra.get("requests"));
        assertEquals("100.000000", ra.get("compute_gb_seconds"));
        assertEquals("1.000000", ra.get("storage_gb_days"));
        assertEquals("1", ra.get("media_processed"));
        assertEquals("1", ra.get("invoices_rendered"));
        assertEquals("2.21", ra.get("attributed_cost_usd"));
        assertEquals("1.07", ra.get("naive_cost_usd"));
        assertEquals("68.6335", ra.get("cost_share_pct"));
        CSVRecord rb = byTenant.get(b);
        assertEquals("0.333000", rb.get("compute_gb_seconds"));
        assertEquals("0.000000", rb.get("storage_gb_days"));
        assertEquals("0.34", rb.get("attributed_cost_usd"));
        assertEquals("10.4450", rb.get("cost_share_pct"));
        CSVRecord rc = byTenant.get(c);
        assertEquals("0.67", rc.get("attributed_cost_usd"));
        assertEquals("1.07", rc.get("naive_cost_usd"));
        assertEquals("20.9214", rc.get("cost_share_pct"));

        JsonNode summary = summary(prefix + "summary.json");
        assertEquals(3, summary.get("activeTenants").getIntValue());
        JsonNode totals = summary.get("totals");
        assertMoney("3.22", totals.get("costUsd"));
        assertMoney("3.22", totals.get("attributedCostUsd"));
        assertEquals(2000, totals.get("requests").getLongValue());
        assertEquals("model", summary.get("source").getStringValue());
        assertEquals("fixture-1", summary.get("pricing").get("version").getStringValue());
        JsonNode check = summary.get("check");
        assertEquals(322, check.get("totalCents").getLongValue());
        assertEquals(322, check.get("attributedCents").getLongValue());
        assertTrue(check.get("balanced").getBooleanValue());
        assertEquals(5, summary.get("lines").size());

        String report = fixture.object(prefix + "report.html").orElseThrow();
        assertTrue(report.contains("<svg"), "a bar chart");
        assertFalse(report.contains("<script"), "no script");
        assertFalse(
                report.contains("http://")
                        && report.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                "nothing fetched");
        assertTrue(report.contains("Acme, &quot;the&quot; first"), "names escaped");
        assertTrue(report.contains("Gamma &lt;g&gt;"), "names escaped");
        assertTrue(
                report.indexOf("Acme") < report.indexOf("Gamma") && report.indexOf("Gamma") < report.indexOf("Beta"),
                "sorted by cost: A $2.21, C $0.67, B $0.34");
    }

    @Test
    void aPeriodWithoutUsage_writesHeaderOnlyFiles_withZeroTotals() throws IOException {
        Map<String, Object> result = fixture.export("2023-02-01", "2023-02-03");

        String prefix = "cost-per-tenant/2023/02/03/";
        assertEquals(0L, ((Number) result.get("activeTenants")).longValue());
        assertEquals(
                String.join(",", CsvReport.HEADER) + "\r\n",
                fixture.object(prefix + "cost-per-tenant.csv").orElseThrow());
        JsonNode summary = summary(prefix + "summary.json");
        assertEquals(0, summary.get("activeTenants").getIntValue());
        assertMoney("0.00", summary.get("totals").get("costUsd"));
        assertEquals(0, summary.get("check").get("attributedCents").getLongValue());
        assertTrue(summary.get("check").get("balanced").getBooleanValue());
        assertTrue(fixture.object(prefix + "report.html").orElseThrow().contains("No tenant used the service"));
    }

    /** Even with usage in the table, the deployment checks' tenant is never exported; a customer beside it is. */
    @Test
    void theSyntheticTenant_isLeftOut_whileACustomerIsExported() throws IOException {
        LocalDate day = LocalDate.of(2024, 5, 21);
        String customer = ExportFixture.newTenantId();
        TenantAccess tc = fixture.tenant(customer, "Customer", "free", "active");
        TenantAccess synthetic = fixture.tenant(SyntheticTenant.TENANT_ID, "Synthetic", "free", "active");
        fixture.writeUsageDirectly(synthetic, day, 5);
        fixture.meter(day, meter -> meter.requestServed(tc, 1));

        Map<String, Object> result = fixture.export("2024-05-21", "2024-05-21");

        assertEquals(1L, ((Number) result.get("activeTenants")).longValue());
        String prefix = "cost-per-tenant/2024/05/21/";
        String csvText = fixture.object(prefix + "cost-per-tenant.csv").orElseThrow();
        Map<String, CSVRecord> rows = byTenant(csv(csvText));
        assertTrue(rows.containsKey(customer), "the customer is exported");
        assertFalse(csvText.contains(SyntheticTenant.TENANT_ID), "the synthetic tenant is not");
        assertEquals("100.0000", rows.get(customer).get("cost_share_pct"));
    }

    /** $0.001 + $0.00001 a request: 1 and 3 requests cost $0.00404, which rounds to $0.00; the shares still show. */
    @Test
    void aDayThatCostsUnderACent_stillShowsEachTenantsShare() throws IOException {
        LocalDate day = LocalDate.of(2024, 5, 20);
        String small = ExportFixture.newTenantId();
        String large = ExportFixture.newTenantId();
        TenantAccess ts = fixture.tenant(small, "Small", "free", "active");
        TenantAccess tl = fixture.tenant(large, "Large", "free", "active");
        fixture.meter(day, meter -> {
            meter.requestServed(ts, 1);
            for (int i = 0; i < 3; i++) {
                meter.requestServed(tl, 1);
            }
        });

        Map<String, Object> result = fixture.export("2024-05-20", "2024-05-20");

        assertEquals("0.00", result.get("totalCostUsd").toString());
        String prefix = "cost-per-tenant/2024/05/20/";
        Map<String, CSVRecord> rows =
                byTenant(csv(fixture.object(prefix + "cost-per-tenant.csv").orElseThrow()));
        assertEquals("0.00", rows.get(small).get("attributed_cost_usd"));
        assertEquals("25.0000", rows.get(small).get("cost_share_pct"));
        assertEquals("75.0000", rows.get(large).get("cost_share_pct"));
        JsonNode summary = summary(prefix + "summary.json");
        assertEquals(
                "0.00404",
                summary.get("totals").get("exactCostUsd").getNumberValue().toString());
        String report = fixture.object(prefix + "report.html").orElseThrow();
        assertTrue(report.indexOf("Large") < report.indexOf("Small"), "ranked by the exact share");
    }

    @Test
    void tenantsDeletedDuringThePeriod_areCounted_andFlagged() throws IOException {
        LocalDate day = LocalDate.of(2024, 7, 2);
        String leaving = ExportFixture.newTenantId();
        String purged = ExportFixture.newTenantId();
        String staying = ExportFixture.newTenantId();
        TenantAccess tl = fixture.tenant(leaving, "Leaving", "pro", "active");
        TenantAccess tp = fixture.tenant(purged, "Purged", "pro", "active");
        TenantAccess ts = fixture.tenant(staying, "Staying", "pro", "active");
        fixture.meter(day, meter -> {
            for (int i = 0; i < 100; i++) {
                meter.requestServed(tl, 1);
                meter.requestServed(tp, 1);
                meter.requestServed(ts, 1);
            }
        });
        // One asked to leave (its record says deleting); the other is purged: its usage archived, its record gone.
        fixture.tenant(leaving, "Leaving", "pro", "deleting");
        fixture.context.getBean(UsageArchive.class).archive(tp, Instant.parse("2024-07-03T08:00:00Z"));
        aws.dynamoDb()
                .deleteItem(b -> b.tableName(fixture.table.name())
                        .key(Map.of(
                                "PK",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "TENANT#" + purged),
                                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("TENANT"))));

        fixture.export("2024-07-02", "2024-07-02");

        String prefix = "cost-per-tenant/2024/07/02/";
        Map<String, CSVRecord> rows =
                byTenant(csv(fixture.object(prefix + "cost-per-tenant.csv").orElseThrow()));
        assertEquals(3, rows.size());
        assertEquals("100", rows.get(purged).get("requests"), "a purged tenant's usage still counts");
        assertEquals("", rows.get(purged).get("tenant_name"), "the purge erased its name");
        assertEquals(
                rows.get(staying).get("attributed_cost_usd"), rows.get(purged).get("attributed_cost_usd"));
        JsonNode deleted = summary(prefix + "summary.json").get("deletedTenants");
        assertEquals(2, deleted.get("count").getIntValue());
        List<String> flagged = new ArrayList<>();
        for (int i = 0; i < deleted.get("listed").size(); i++) {
            flagged.add(deleted.get("listed").get(i).get("tenantId").getStringValue());
        }
        assertTrue(flagged.containsAll(List.of(leaving, purged)), flagged::toString);
        assertFalse(flagged.contains(staying));
        assertTrue(fixture.object(prefix + "report.html").orElseThrow().contains("deleted</span>"));
    }

    @Test
    void anActualBill_isSplitByUse_andAddsUpToTheBill() throws IOException {
        LocalDate day = LocalDate.of(2024, 8, 5);
        String a = ExportFixture.newTenantId();
        String b = ExportFixture.newTenantId();
        TenantAccess ta = fixture.tenant(a, "A", "pro", "active");
        TenantAccess tb = fixture.tenant(b, "B", "pro", "active");
        fixture.meter(day, meter -> {
            for (int i = 0; i < 2; i++) {
                meter.requestServed(ta, 1);
            }
            meter.requestServed(tb, 1);
        });
        // $10 of API Gateway split 2:1 by requests; $0.01 of CloudWatch (not metered) split by requests too:
        // A 666.666.. + 0.666.. cents, B 333.333.. + 0.333.. cents -> whole 667 + 333 = 1000, one cent left over
        // to A's .333.. remainder (B's is .666..? no: A 667.333, B 333.666 -> B's remainder is larger).
        Map<String, Object> payload = new HashMap<>();
        payload.put("from", "2024-08-05");
        payload.put("to", "2024-08-05");
        payload.put("bill", Map.of("AmazonApiGateway", "10.00", "AmazonCloudWatch", "0.01"));
        Map<String, Object> result = fixture.handler.execute(payload);

        assertEquals("bill", result.get("source"));
        assertEquals("10.01", result.get("totalCostUsd").toString());
        Map<String, CSVRecord> rows = byTenant(csv(
                fixture.object("cost-per-tenant/2024/08/05/cost-per-tenant.csv").orElseThrow()));
        assertEquals("6.67", rows.get(a).get("attributed_cost_usd"));
        assertEquals("3.34", rows.get(b).get("attributed_cost_usd"));
        assertEquals("5.01", rows.get(a).get("naive_cost_usd"), "10.01 / 2 = 5.005, half up");
    }

    @Test
    void aBillInTheBucket_asACostAndUsageReportGivesIt() throws IOException {
        LocalDate day = LocalDate.of(2024, 8, 6);
        String a = ExportFixture.newTenantId();
        TenantAccess ta = fixture.tenant(a, "A", "pro", "active");
        fixture.meter(day, meter -> meter.requestServed(ta, 1));
        String bill = "identity/LineItemId,lineItem/ProductCode,lineItem/UsageType,lineItem/UnblendedCost\r\n"
                + "1,AWSLambda,Request,1.50\r\n2,AWSLambda,Lambda-GB-Second-ARM,2.25\r\n3,AmazonDynamoDB,WriteRequestUnits,0.25\r\n";
        aws.s3()
                .putObject(
                        r -> r.bucket(fixture.bucket).key("bills/2024-08-06.csv"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString(bill));

        Map<String, Object> result = fixture.handler.execute(
                Map.of("from", "2024-08-06", "to", "2024-08-06", "billKey", "bills/2024-08-06.csv"));

        assertEquals("4.00", result.get("totalCostUsd").toString());
        JsonNode summary = summary("cost-per-tenant/2024/08/06/summary.json");
        assertEquals("bills/2024-08-06.csv", summary.get("billKey").getStringValue());
        assertMoney("3.75", summary.get("bill").get("AWSLambda"));
        assertMoney("4.00", summary.get("totals").get("attributedCostUsd"));
    }

    @Test
    void malformedPeriods_failWithTheFieldNamed_andWriteNothing() {
        record Case(Map<String, Object> payload, String message) {}
        List<Case> cases = List.of(
                new Case(Map.of("from", "2024-13-01", "to", "2024-13-02"), "from: '2024-13-01' is not a real date."),
                new Case(Map.of("from", "2024-06-01", "to", "June 2"), "to: 'June 2' is not a date (YYYY-MM-DD)."),
                new Case(Map.of("from", "2024-06-02", "to", "2024-06-01"), "to: 2024-06-01 is before from 2024-06-02."),
                new Case(Map.of("from", "2024-06-01"), "to: required"),
                new Case(Map.of("from", 20240601, "to", "2024-06-01"), "from: 20240601 is not a date"),
                new Case(Map.of("form", "2024-06-01", "to", "2024-06-01"), "form: unknown field"),
                new Case(Map.of("from", "2020-01-01", "to", "2021-12-31"), "longer than 366 days"),
                new Case(Map.of("from", "2024-06-01", "to", "2999-01-01"), "to: 2999-01-01 is in the future"),
                new Case(
                        Map.of("from", "2024-06-01", "to", "2024-06-01", "bill", Map.of("AWSLambda", "-1")),
                        "bill.AWSLambda: '-1' is not an amount"));
        for (Case c : cases) {
            InvalidExportRequestException e = assertThrows(
                    InvalidExportRequestException.class, () -> fixture.handler.execute(c.payload()), c::toString);
            assertTrue(e.getMessage().startsWith(c.message()) || e.getMessage().contains(c.message()), e.getMessage());
        }
        assertTrue(fixture.keysUnder("cost-per-tenant/2024/06/01/").isEmpty());
        assertTrue(fixture.keysUnder("cost-per-tenant/2024/06/02/").isEmpty());
    }

    @Test
    void aMissingOrMalformedPriceFile_failsLoudly_andWritesNothing() {
        LocalDate day = LocalDate.of(2024, 9, 9);
        TenantAccess t = fixture.tenant(ExportFixture.newTenantId(), "T", "pro", "active");
        fixture.meter(day, meter -> meter.requestServed(t, 1));
        Map<String, Object> missing = new HashMap<>(ExportFixture.fixturePrices());
        missing.put("tenantry.cost.price.file", "classpath:pricing/no-such-prices.json");
        try (ExportFixture broken = new ExportFixture(aws, missing)) {
            PriceFileException e =
                    assertThrows(PriceFileException.class, () -> broken.export("2024-09-09", "2024-09-09"));
            assertEquals("classpath:pricing/no-such-prices.json: no such file.", e.getMessage());
        }
        Map<String, Object> malformed = new HashMap<>(ExportFixture.fixturePrices());
        malformed.put("tenantry.cost.price.file", "classpath:pricing/malformed-prices.json");
        try (ExportFixture broken = new ExportFixture(aws, malformed)) {
            PriceFileException e =
                    assertThrows(PriceFileException.class, () -> broken.export("2024-09-09", "2024-09-09"));
            assertEquals(
                    "classpath:pricing/malformed-prices.json: lines[0].usd is not a decimal number: 'one dollar'.",
                    e.getMessage());
        }
        assertTrue(fixture.keysUnder("cost-per-tenant/2024/09/09/").isEmpty());
    }
}
