package io.tenantry.billing.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.billing.handler.BillingFixture.Tenant;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.http.ApiHandler;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every billing route × every role (and no tenant), against the role table of the API contract: admin and up. */
@EmulatedAws
class RoleMatrixTest {
    static BillingFixture fixture;
    static Tenant tenant;
    static String invoiceId;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
        tenant = fixture.newTenant();
        invoiceId = fixture.readyInvoice(
                tenant, YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString());
    }

    @AfterAll
    static void stop() {
        fixture.drain();
        fixture.close();
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource({
        "GET /v1/usage, owner, 200",
        "GET /v1/usage, admin, 200",
        "GET /v1/usage, member, 403",
        "GET /v1/usage, viewer, 403",
        "GET /v1/usage, none, 403",
        "POST /v1/invoices, owner, 202",
        "POST /v1/invoices, admin, 202",
        "POST /v1/invoices, member, 403",
        "POST /v1/invoices, viewer, 403",
        "POST /v1/invoices, none, 403",
        "GET /v1/invoices, owner, 200",
        "GET /v1/invoices, admin, 200",
        "GET /v1/invoices, member, 403",
        "GET /v1/invoices, viewer, 403",
        "GET /v1/invoices, none, 403",
        "GET /v1/invoices/{id}, owner, 200",
        "GET /v1/invoices/{id}, admin, 200",
        "GET /v1/invoices/{id}, member, 403",
        "GET /v1/invoices/{id}, viewer, 403",
        "GET /v1/invoices/{id}, none, 403",
    })
    void route_answersEachRole_asTheContractSays(String route, String role, int status) {
        ApiEvent event;
        ApiHandler handler;
        switch (route) {
            case "GET /v1/usage" -> {
                event = tenant.as(role, "GET", "/v1/usage");
                handler = fixture.usage;
            }
            case "POST /v1/invoices" -> {
                event = tenant.as(role, "POST", "/v1/invoices")
                        .json("{\"period\": \"" + YearMonth.now(ZoneOffset.UTC) + "\"}");
                handler = fixture.create;
            }
            case "GET /v1/invoices" -> {
                event = tenant.as(role, "GET", "/v1/invoices");
                handler = fixture.list;
            }
            default -> {
                event = fixture.onInvoice(tenant, role, invoiceId);
                handler = fixture.get;
            }
        }
        if (role.equals("none")) {
            event.user("sub-" + tenant.tenantId(), tenant.tenantId() + "@example.test");
        }
        ApiResult result = ApiResult.call(handler, event);
        assertEquals(status, result.status(), result::toString);
    }
}
