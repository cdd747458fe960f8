package io.tenantry.billing.handler;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.HostileRequests;
import io.tenantry.local.testkit.HostileRequests.Hostile;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bodies, query strings and headers thrown at every billing route (jqwik generates them):
 * never a 5xx, and every refusal is problem+json.
 */
@EmulatedAws
class HostileRequestsTest {
    static final int SAMPLES_PER_ROUTE = 100;
    static BillingFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new BillingFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.drain();
        fixture.close();
    }

    record Route(String name, ApiHandler handler, Function<SeededTenant, ApiEvent> event) {}

    @Test
    void everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.readyInvoice(
                tenant, YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString());
        List<Route> routes = List.of(
                new Route("GET /v1/usage", fixture.usage, t -> t.as("admin", "GET", "/v1/usage")),
                new Route("POST /v1/invoices", fixture.create, t -> t.as("admin", "POST", "/v1/invoices")),
                new Route("GET /v1/invoices", fixture.list, t -> t.as("admin", "GET", "/v1/invoices")),
                new Route("GET /v1/invoices/{id}", fixture.get, t -> fixture.onInvoice(t, "admin", id)));
        for (Route route : routes) {
            HostileRequests.requests()
                    .sampleStream()
                    .limit(SAMPLES_PER_ROUTE)
                    .forEach(hostile -> check(route, tenant, hostile));
        }
    }

    private static void check(Route route, SeededTenant tenant, Hostile hostile) {
        ApiResult result =
                ApiResult.call(route.handler(), hostile.applyTo(route.event().apply(tenant)));
        HostileRequests.assertAnswered(route.name(), hostile, result);
    }
}
