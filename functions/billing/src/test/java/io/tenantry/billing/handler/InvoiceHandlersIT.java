package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.billing.service.PdfText;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The invoice routes and the worker, end to end on emulated DynamoDB, SQS and S3. */
@EmulatedAws
class InvoiceHandlersIT {
    static BillingFixture fixture;
    static final String CLOSED = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
    static final String CURRENT = YearMonth.now(ZoneOffset.UTC).toString();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void post_answers202Pending_theWorkerRendersIt_andGetGivesADownloadableReadyPdf() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        ApiResult requested = fixture.requestInvoice(tenant, CLOSED);

        assertEquals(202, requested.status(), requested::toString);
        JsonNode pending = requested.json();
        String id = pending.path("id").asText();
        assertTrue(id.matches("inv_[0-9A-Z]{26}"), id);
        assertEquals("pending", pending.path("status").asText());
        assertEquals(CLOSED, pending.path("period").asText());
        assertEquals("USD", pending.path("currency").asText());
        assertEquals(1, pending.path("number").asLong());
        assertFalse(pending.has("downloadUrl"));
        assertEquals("/v1/invoices/" + id, requested.header("Location"));

        assertEquals(List.of(), fixture.drain());
        ApiResult ready = fixture.read(tenant, id);
        assertEquals(200, ready.status(), ready::toString);
        JsonNode invoice = ready.json();
        assertEquals("ready", invoice.path("status").asText());
        assertEquals(4900, invoice.path("totalCents").asLong(), "the pro plan's fee, nothing over the included usage");
        long sum = 0;
        for (JsonNode line : invoice.path("lines")) {
            assertEquals(
                    line.path("quantity").asLong() * line.path("unitCents").asLong(),
                    line.path("amountCents").asLong());
            sum += line.path("amountCents").asLong();
        }
        assertEquals(sum, invoice.path("totalCents").asLong());
        assertEquals(5, invoice.path("lines").size());

        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(invoice.path("downloadUrl").asText()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        String text = PdfText.read(download.body()).text();
        assertTrue(text.contains("Invoice number: 1"), text);
        assertTrue(text.contains(tenant.tenantId()), text);
        assertTrue(text.contains(fixture.name(tenant)), text);
        assertTrue(text.contains("Period: " + CLOSED), text);
        assertTrue(text.contains("Total due: 49.00 USD"), text);
        assertEquals(List.of("tenants/" + tenant.tenantId() + "/invoices/" + id + ".pdf"), fixture.objectsOf(tenant));
    }

    @Test
    void askingTwice_returnsTheSameInvoice_evenWhenRequestsRace() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<ApiResult>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> fixture.requestInvoice(tenant, CLOSED));
            }
            Set<String> ids = new HashSet<>();
            for (Future<ApiResult> f : pool.invokeAll(calls)) {
                ApiResult result = f.get();
                assertEquals(202, result.status(), result::toString);
                ids.add(result.json().path("id").asText());
            }
            assertEquals(1, ids.size(), "one invoice per period: " + ids);
        } finally {
            pool.shutdownNow();
        }
        fixture.drain();
        ApiResult again = fixture.requestInvoice(tenant, CLOSED);
        assertEquals("ready", again.json().path("status").asText());
        assertEquals(1, again.json().path("number").asLong());
        ApiResult page = ApiResult.call(fixture.list, tenant.as("admin", "GET", "/v1/invoices"));
        assertEquals(1, page.json().path("items").size());
        assertEquals(1, fixture.objectsOf(tenant).size());
    }

    @Test
    void numbers_runOneTwoThree_perTenant_withoutGapsOrRepeats_whenPeriodsRace() throws Exception {
        SeededTenant tenant = fixture.newTenant("free", Instant.parse("2024-01-01T00:00:00Z"));
        SeededTenant other = fixture.newTenant("free", Instant.parse("2024-01-01T00:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Long> numbers = new ArrayList<>();
        try {
            List<Callable<ApiResult>> calls = new ArrayList<>();
            for (int month = 1; month <= 8; month++) {
                String period = "2025-%02d".formatted(month);
                calls.add(() -> fixture.requestInvoice(tenant, period));
                calls.add(() -> fixture.requestInvoice(tenant, period));
            }
            for (Future<ApiResult> f : pool.invokeAll(calls)) {
                ApiResult result = f.get();
                assertEquals(202, result.status(), result::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        ApiResult page = ApiResult.call(
                fixture.list, tenant.as("admin", "GET", "/v1/invoices").query("limit", "100"));
        page.json().path("items").forEach(i -> numbers.add(i.path("number").asLong()));
        numbers.sort(Long::compare);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), numbers);
        assertEquals(
                1,
                fixture.requestInvoice(other, "2025-01").json().path("number").asLong());
        fixture.drain();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"2026-13", "2026-00", "26-01", "2026-1", "2026/01", "2026-01-01", " ", "garbage", "2026-011"})
    void malformedPeriods_answer400_namingPeriod_andCreateNothing(String period) {
        SeededTenant tenant = fixture.newTenant();
        ApiResult result = fixture.requestInvoice(tenant, period);
        assertTrue(result.isProblem(400), result::toString);
        assertEquals(List.of("period"), result.errorFields());
        assertEmpty(tenant);
    }

    @Test
    void periodsOfTheWrongType_orMissing_answer400() {
        SeededTenant tenant = fixture.newTenant();
        for (String body : List.of("{}", "{\"period\": 202601}", "{\"period\": null}", "{\"period\": [\"2026-01\"]}")) {
            ApiResult result = ApiResult.call(
                    fixture.create, tenant.as("admin", "POST", "/v1/invoices").json(body));
            assertTrue(result.isProblem(400), body + " -> " + result);
            assertEquals(List.of("period"), result.errorFields(), body);
        }
        assertEmpty(tenant);
    }

    @Test
    void aFutureMonth_answers400_andTheCurrentMonthIsAccepted() {
        SeededTenant tenant = fixture.newTenant();
        String next = YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
        ApiResult future = fixture.requestInvoice(tenant, next);
        assertTrue(future.isProblem(400), future::toString);
        assertEquals(List.of("period"), future.errorFields());
        assertTrue(fixture.requestInvoice(tenant, "9999-12").isProblem(400));
        assertEmpty(tenant);

        ApiResult current = fixture.requestInvoice(tenant, CURRENT);
        assertEquals(202, current.status(), current::toString);
        fixture.drain();
    }

    @Test
    void aMonthBeforeTheTenantExisted_getsAnEmptyInvoice_andOneBefore2000Is400() {
        SeededTenant tenant = fixture.newTenant("pro", Instant.parse("2025-06-15T10:00:00Z"));
        ApiResult before = fixture.requestInvoice(tenant, "2025-05");
        assertEquals(202, before.status(), before::toString);
        assertEquals(List.of(), fixture.drain());
        JsonNode empty = fixture.read(tenant, before.json().path("id").asText()).json();
        assertEquals("ready", empty.path("status").asText());
        assertEquals(0, empty.path("totalCents").asLong(), "no fee, no usage");
        assertEquals(1, empty.path("lines").size());
        assertTrue(empty.path("lines").get(0).path("description").asText().startsWith("No charges"), empty::toString);
        assertEquals(1, empty.path("number").asLong());

        ApiResult created = fixture.requestInvoice(tenant, "2025-06");
        assertEquals(2, created.json().path("number").asLong());
        fixture.drain();
        assertEquals(
                4900,
                fixture.read(tenant, created.json().path("id").asText())
                        .json()
                        .path("totalCents")
                        .asLong(),
                "the month the tenant was created in is billed in full");

        ApiResult ancient = fixture.requestInvoice(tenant, "1999-12");
        assertTrue(ancient.isProblem(400), ancient::toString);
        assertEquals(List.of("period"), ancient.errorFields());
    }

    @Test
    void anotherTenantsInvoiceId_answers404_andShowsNothing() {
        SeededTenant owner = fixture.newTenant();
        SeededTenant intruder = fixture.newTenant();
        String id = fixture.readyInvoice(owner, CLOSED);

        ApiResult stolen = fixture.read(intruder, id);
        assertTrue(stolen.isProblem(404), stolen::toString);
        assertFalse(stolen.body().contains("downloadUrl"));
        ApiResult theirs = ApiResult.call(fixture.list, intruder.as("admin", "GET", "/v1/invoices"));
        assertEquals(0, theirs.json().path("items").size());
        ApiResult asked = fixture.requestInvoice(intruder, CLOSED);
        assertTrue(!asked.json().path("id").asText().equals(id), "the intruder gets its own invoice");
        assertEquals("ready", fixture.read(owner, id).json().path("status").asText());
        fixture.drain();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"nope", "inv_", "inv_01JD3Q5R7C00000000000000000", "../TENANT", "inv_01jd3q5r7c0000000000000002"
            })
    void malformedOrUnknownIds_answer404(String id) {
        SeededTenant tenant = fixture.newTenant();
        assertTrue(fixture.read(tenant, id).isProblem(404));
    }

    @Test
    void list_pagesNewestFirst_andRefusesEditedOrForeignCursors() {
        SeededTenant tenant = fixture.newTenant("free", Instant.parse("2024-01-01T00:00:00Z"));
        List<String> created = new ArrayList<>();
        for (int month = 1; month <= 5; month++) {
            created.add(fixture.requestInvoice(tenant, "2024-%02d".formatted(month))
                    .json()
                    .path("id")
                    .asText());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var event = tenant.as("admin", "GET", "/v1/invoices").query("limit", "2");
            if (cursor != null) {
                event.query("cursor", cursor);
            }
            ApiResult page = ApiResult.call(fixture.list, event);
            assertEquals(200, page.status(), page::toString);
            page.json().path("items").forEach(i -> seen.add(i.path("id").asText()));
            cursor = page.json().path("nextCursor").isNull()
                    ? null
                    : page.json().path("nextCursor").asText();
        } while (cursor != null);
        assertEquals(created.reversed(), seen);

        String first = ApiResult.call(
                        fixture.list, tenant.as("admin", "GET", "/v1/invoices").query("limit", "2"))
                .json()
                .path("nextCursor")
                .asText();
        SeededTenant other = fixture.newTenant();
        ApiResult foreign = ApiResult.call(
                fixture.list, other.as("admin", "GET", "/v1/invoices").query("cursor", first));
        assertTrue(foreign.isProblem(400), foreign::toString);
        ApiResult badLimit = ApiResult.call(
                fixture.list, tenant.as("admin", "GET", "/v1/invoices").query("limit", "0"));
        assertEquals(List.of("limit"), badLimit.errorFields());
        fixture.drain();
    }

    @Test
    void anIdempotencyKey_replaysTheFirstAnswer_and409sForAnotherBody() {
        SeededTenant tenant = fixture.newTenant("free", Instant.parse("2024-01-01T00:00:00Z"));
        ApiResult first = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/invoices")
                        .header("Idempotency-Key", "inv-1")
                        .json("{\"period\": \"2024-02\"}"));
        ApiResult replay = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/invoices")
                        .header("Idempotency-Key", "inv-1")
                        .json("{\"period\": \"2024-02\"}"));
        ApiResult other = ApiResult.call(
                fixture.create,
                tenant.as("admin", "POST", "/v1/invoices")
                        .header("Idempotency-Key", "inv-1")
                        .json("{\"period\": \"2024-03\"}"));
        assertEquals(202, replay.status());
        assertEquals(first.body(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertTrue(other.isProblem(409), other::toString);
        fixture.drain();
    }

    @Test
    void everyRoute_answers401_withoutAToken_and403_withoutATenant() {
        var anonymous = io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/invoices");
        var noTenant =
                io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/invoices").user("s", "s@example.test");
        assertTrue(ApiResult.call(fixture.list, anonymous).isProblem(401));
        assertTrue(ApiResult.call(fixture.list, noTenant).isProblem(403));
        assertTrue(ApiResult.call(fixture.usage, io.tenantry.local.testkit.ApiEvent.of("GET", "/v1/usage"))
                .isProblem(401));
    }

    @Test
    void theStoredMembershipsRole_decides_notTheTokensRoleClaim() {
        SeededTenant tenant = fixture.newTenant();
        Map<String, String> memberClaimingOwner =
                new HashMap<>(tenant.as("member", "GET", "/v1/invoices").claimsView());
        memberClaimingOwner.put("role", "owner");
        ApiResult refused = ApiResult.call(
                fixture.list, tenant.as("member", "GET", "/v1/invoices").claims(memberClaimingOwner));
        assertTrue(refused.isProblem(403), refused::toString);

        Map<String, String> adminClaimingViewer =
                new HashMap<>(tenant.as("admin", "GET", "/v1/invoices").claimsView());
        adminClaimingViewer.put("role", "viewer");
        ApiResult admitted = ApiResult.call(
                fixture.list, tenant.as("admin", "GET", "/v1/invoices").claims(adminClaimingViewer));
        assertEquals(200, admitted.status(), admitted::toString);
    }

    @Test
    void aDownloadUrl_isBoundToItsObject() throws Exception {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.readyInvoice(tenant, CLOSED);
        String url = fixture.read(tenant, id).json().path("downloadUrl").asText();
        assertNotNull(url);
        String tampered = url.replace(id, "inv_01JD3Q5R7C0000000000000002");
        HttpResponse<byte[]> refused = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, refused.statusCode());
    }

    /** Nothing of invoicing was written for the tenant. */
    static void assertEmpty(SeededTenant tenant) {
        ApiResult page = ApiResult.call(fixture.list, tenant.as("admin", "GET", "/v1/invoices"));
        assertEquals(0, page.json().path("items").size(), page::toString);
    }
}
