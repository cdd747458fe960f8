package io.tenantry.tenants.handler;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.HostileRequests;
import io.tenantry.shared.http.ApiHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated bodies, queries and headers at every tenants route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsTest {
    static TenantsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Route(String name, ApiHandler handler, String method, String path) {}

    @Test
    void everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        var tenant = fixture.signUp("free");
        List<Route> routes = List.of(
                new Route("POST /v1/tenants", fixture.create, "POST", "/v1/tenants"),
                new Route("GET /v1/tenant", fixture.get, "GET", "/v1/tenant"),
                new Route("PATCH /v1/tenant", fixture.update, "PATCH", "/v1/tenant"),
                new Route("DELETE /v1/tenant", fixture.delete, "DELETE", "/v1/tenant"));
        for (Route route : routes) {
            HostileRequests.requests().sampleStream().limit(100).forEach(hostile -> {
                ApiEvent event = tenant.as("owner", route.method(), route.path());
                ApiResult result = ApiResult.call(route.handler(), hostile.applyTo(event));
                HostileRequests.assertAnswered(route.name(), hostile, result);
            });
        }
    }
}
