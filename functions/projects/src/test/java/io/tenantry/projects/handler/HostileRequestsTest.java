package io.tenantry.projects.handler;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.HostileRequests;
import io.tenantry.local.testkit.HostileRequests.Hostile;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bodies, query strings and headers thrown at every projects route (jqwik generates them):
 * never a 5xx, and every refusal is problem+json. Each failure message carries the request.
 */
@EmulatedAws
class HostileRequestsTest {
    static final int SAMPLES_PER_ROUTE = 100;
    static ProjectsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Route(String name, ApiHandler handler, Function<SeededTenant, ApiEvent> event) {}

    @Test
    void everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.createProject(tenant, "Target");
        List<Route> routes = List.of(
                new Route("GET /v1/projects", fixture.list, t -> t.as("member", "GET", "/v1/projects")),
                new Route("POST /v1/projects", fixture.create, t -> t.as("member", "POST", "/v1/projects")),
                new Route("GET /v1/projects/{id}", fixture.get, t -> fixture.onProject(t, "member", "GET", id)),
                new Route("PATCH /v1/projects/{id}", fixture.update, t -> fixture.onProject(t, "member", "PATCH", id)),
                new Route(
                        "DELETE /v1/projects/{id}", fixture.delete, t -> fixture.onProject(t, "viewer", "DELETE", id)));
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
