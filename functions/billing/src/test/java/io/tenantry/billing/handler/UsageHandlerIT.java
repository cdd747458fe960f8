package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.billing.service.PdfText;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /v1/usage}: exact counts of the tenant's own requests, the period rules, isolation. */
@EmulatedAws
class UsageHandlerIT {
    static BillingFixture fixture;
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult usage(SeededTenant tenant, String from, String to) {
        ApiEvent event = tenant.as("admin", "GET", "/v1/usage");
        if (from != null) {
            event.query("from", from);
        }
        if (to != null) {
            event.query("to", to);
        }
        return ApiResult.call(fixture.usage, event);
    }

    static long requestsToday(SeededTenant tenant) {
        return usage(tenant, null, null)
                .json()
                .path("days")
                .get(0)
                .path("requests")
                .asLong();
    }

    @Test
    void everyAdmittedRequest_ofTheTenant_isCountedExactlyOnce() {
        SeededTenant tenant = fixture.newTenant();
        SeededTenant neighbour = fixture.newTenant();
        assertEquals(0, requestsToday(tenant));
        for (int i = 0; i < 25; i++) {
            assertEquals(
                    200,
                    ApiResult.call(fixture.list, tenant.as("admin", "GET", "/v1/invoices"))
                            .status());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    403,
                    ApiResult.call(fixture.list, tenant.as("viewer", "GET", "/v1/invoices"))
                            .status());
        }
        // 25 admitted list calls and the first usage call; refusals for the role are not admitted.
        ApiResult result = usage(tenant, null, null);
        assertEquals(200, result.status(), result::toString);
        JsonNode day = result.json().path("days").get(0);
        assertEquals(26, day.path("requests").asLong(), result::toString);
        assertTrue(day.path("computeMs").asLong() >= 26, result::toString);
        assertEquals(
                day.path("computeMs").asLong() / 1000.0,
                day.path("computeGbSeconds").asDouble(),
                1e-9);
        assertTrue(day.path("storageBytes").asLong() > 0, "the tenant record is stored: " + result);
        assertEquals(0, requestsToday(neighbour), "nothing of the tenant's counts as the neighbour's");
        assertEquals(1, requestsToday(neighbour), "then its own first usage call");
    }

    @Test
    void withoutParameters_theUsageIsToday_andHasEveryField() {
        SeededTenant tenant = fixture.newTenant();
        JsonNode body = usage(tenant, null, null).json();
        assertEquals(TODAY.toString(), body.path("from").asText());
        assertEquals(TODAY.toString(), body.path("to").asText());
        assertEquals(1, body.path("days").size());
        JsonNode day = body.path("days").get(0);
        for (String field :
                List.of("date", "requests", "computeMs", "storageBytes", "mediaProcessed", "invoicesRendered")) {
            assertTrue(day.has(field), field + " in " + day);
        }
    }

    @Test
    void aPeriod_listsEveryDay_inOrder_withNothingInTheFuture() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult result =
                usage(tenant, TODAY.minusDays(3).toString(), TODAY.plusDays(2).toString());
        assertEquals(200, result.status(), result::toString);
        JsonNode days = result.json().path("days");
        assertEquals(6, days.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(
                    TODAY.minusDays(3).plusDays(i).toString(),
                    days.get(i).path("date").asText());
        }
        assertEquals(0, days.get(5).path("requests").asLong());
        assertEquals(0, days.get(5).path("storageBytes").asLong());
        ApiResult fromOnly = usage(tenant, TODAY.minusDays(1).toString(), null);
        assertEquals(TODAY.toString(), fromOnly.json().path("to").asText());
        assertEquals(2, fromOnly.json().path("days").size());
        ApiResult yearLong = usage(tenant, TODAY.minusDays(365).toString(), TODAY.toString());
        assertEquals(366, yearLong.json().path("days").size(), "366 days, both ends included");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "2026-02-30 | - | from",
                "yesterday | - | from",
                "2026-1-01 | - | from",
                "+2026-01-01 | - | from",
                "- | 2026-13-01 | to",
                "- | 20260101 | to",
                "2026-01-10 | 2026-01-09 | to",
                "2024-01-01 | 2025-01-01 | to",
            })
    void badParameters_answer400_namingTheField(String from, String to, String field) {
        SeededTenant tenant = fixture.newTenant();
        ApiResult result = usage(tenant, from, to);
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(List.of(field), result.errorFields());
    }

    @Test
    void bothParametersBad_areNamedTogether() {
        ApiResult result = usage(fixture.newTenant(), "x", "y");
        assertEquals(List.of("from", "to"), result.errorFields());
    }

    @Test
    void anotherTenantsUsage_isNeverShown() {
        SeededTenant busy = fixture.newTenant();
        SeededTenant other = fixture.newTenant();
        for (int i = 0; i < 10; i++) {
            ApiResult.call(fixture.list, busy.as("admin", "GET", "/v1/invoices"));
        }
        ApiResult mine = usage(other, null, null);
        assertEquals(0, mine.json().path("days").get(0).path("requests").asLong(), mine::toString);
        assertEquals(0, mine.json().path("days").get(0).path("invoicesRendered").asLong());
    }

    @Test
    void anInvoice_pricesTheMeteredUsage_asTheUsageRouteShowsIt() throws Exception {
        SeededTenant tenant = fixture.newTenant("free", java.time.Instant.parse("2025-01-01T00:00:00Z"));
        for (int i = 0; i < 12; i++) {
            ApiResult.call(fixture.list, tenant.as("admin", "GET", "/v1/invoices"));
        }
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        ApiResult before = usage(tenant, month.atDay(1).toString(), TODAY.toString());
        long requests = 0;
        for (JsonNode day : before.json().path("days")) {
            requests += day.path("requests").asLong();
        }
        // The usage call and the invoice request itself are metered before the worker reads.
        long expected = requests + 2;
        String id = fixture.readyInvoice(tenant, month.toString());
        JsonNode invoice = fixture.read(tenant, id).json();
        JsonNode requestsLine = invoice.path("lines").get(1);
        assertTrue(
                requestsLine.path("description").asText().startsWith("API requests: " + expected + " used"),
                requestsLine.toString());
        assertEquals(0, invoice.path("totalCents").asLong(), "the free plan, all within the included usage");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(invoice.path("downloadUrl").asText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        String text = PdfText.read(pdf.body()).text().replaceAll("\\s+", " ");
        assertTrue(text.contains("API requests: " + expected + " used"), text);
        assertTrue(text.contains("Total due: 0.00 USD"), text);
        assertEquals(
                1,
                usage(tenant, null, null)
                        .json()
                        .path("days")
                        .get(0)
                        .path("invoicesRendered")
                        .asLong());
    }
}
