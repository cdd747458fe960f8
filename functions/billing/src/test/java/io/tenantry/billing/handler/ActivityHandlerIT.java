package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/analytics/activity}: the counts match the requests made (requests, writes, client errors, active
 * users, top routes), another tenant's requests are not in them, and a member below admin is refused where the admin
 * reads.
 */
@EmulatedAws
class ActivityHandlerIT {
    static BillingFixture fixture;
    static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static ApiResult activity(SeededTenant tenant, String role) {
        ApiEvent event = tenant.as(role, "GET", "/v1/analytics/activity");
        return ApiResult.call(fixture.activity, event);
    }

    static JsonNode today(SeededTenant tenant) {
        ApiResult read = activity(tenant, "admin");
        assertEquals(200, read.status(), read::toString);
        JsonNode days = read.json().path("days");
        assertEquals(1, days.size(), days::toString);
        assertEquals(TODAY, days.get(0).path("date").asText());
        return read.json();
    }

    @Test
    void theCounts_matchTheRequestsMade_andLeaveOutAnotherTenants() {
        SeededTenant tenant = fixture.newTenant();
        SeededTenant neighbour = fixture.newTenant();
        JsonNode before = today(tenant).path("days").get(0);
        assertEquals(0, before.path("requests").asLong(), before::toString);

        for (int i = 0; i < 4; i++) { // reads by the admin
            assertEquals(
                    200,
                    ApiResult.call(fixture.list, tenant.as("admin", "GET", "/v1/invoices"))
                            .status());
        }
        // a write by the owner, and a refused write (bad period) by the admin
        ApiResult created = ApiResult.call(
                fixture.create,
                tenant.as("owner", "POST", "/v1/invoices").json("{\"period\": \"" + TODAY.substring(0, 7) + "\"}"));
        assertEquals(202, created.status(), created::toString);
        ApiResult refused = ApiResult.call(
                fixture.create, tenant.as("admin", "POST", "/v1/invoices").json("{\"period\": \"not-a-month\"}"));
        assertEquals(400, refused.status(), refused::toString);
        // the neighbour's requests
        for (int i = 0; i < 3; i++) {
            ApiResult.call(fixture.list, neighbour.as("admin", "GET", "/v1/invoices"));
        }

        JsonNode report = today(tenant);
        JsonNode day = report.path("days").get(0);
        // 4 lists, 2 creates, and the first activity read (metered after it answered)
        assertEquals(7, day.path("requests").asLong(), report::toString);
        assertEquals(1, day.path("writes").asLong(), report::toString);
        assertEquals(1, day.path("clientErrors").asLong(), report::toString);
        assertEquals(0, day.path("serverErrors").asLong(), report::toString);
        assertEquals(2, day.path("activeUsers").asLong(), report::toString);
        JsonNode top = report.path("topRoutes").get(0);
        assertEquals("GET /v1/invoices", top.path("route").asText(), report::toString);
        assertEquals(4, top.path("requests").asLong(), report::toString);

        JsonNode theirs = today(neighbour).path("days").get(0);
        assertEquals(3, theirs.path("requests").asLong(), theirs::toString); // its 3 lists only
    }

    @Test
    void aMember_isRefused_whereTheAdminReads() {
        SeededTenant tenant = fixture.newTenant();
        assertEquals(403, activity(tenant, "member").status());
        assertEquals(200, activity(tenant, "admin").status());
    }

    @Test
    void aBadDay_isRefusedNamingIt_andAGoodOneIsRead() {
        SeededTenant tenant = fixture.newTenant();
        ApiResult bad = ApiResult.call(
                fixture.activity,
                tenant.as("admin", "GET", "/v1/analytics/activity").query("from", "2026-13-01"));
        assertEquals(400, bad.status(), bad::toString);
        assertEquals("from", bad.json().path("errors").get(0).path("field").asText(), bad::toString);
        ApiResult good = ApiResult.call(
                fixture.activity,
                tenant.as("admin", "GET", "/v1/analytics/activity").query("from", TODAY));
        assertEquals(200, good.status(), good::toString);
    }
}
