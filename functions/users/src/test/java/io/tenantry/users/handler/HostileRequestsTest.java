package io.tenantry.users.handler;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.HostileRequests;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generated bodies, queries and headers at every users route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsTest {
    static UsersFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new UsersFixture(aws, java.util.Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Route(String name, ApiHandler handler, Function<SeededTenant, ApiEvent> event) {}

    @Test
    void everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        SeededTenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "viewer");
        List<Route> routes = List.of(
                new Route("GET /v1/users", fixture.list, t -> t.as("admin", "GET", "/v1/users")),
                new Route("POST /v1/users", fixture.create, t -> t.as("owner", "POST", "/v1/users")),
                new Route("GET /v1/users/{id}", fixture.get, t -> fixture.onUser(t, "admin", "GET", member)),
                new Route("PATCH /v1/users/{id}", fixture.update, t -> fixture.onUser(t, "owner", "PATCH", member)),
                new Route(
                        "DELETE /v1/users/{id}",
                        fixture.delete,
                        t -> fixture.onUser(t, "owner", "DELETE", tenant.userId(Role.OWNER))));
        for (Route route : routes) {
            HostileRequests.requests().sampleStream().limit(60).forEach(hostile -> {
                // A new tenant per sample: the free plan's rate would otherwise refuse most of them.
                SeededTenant fresh = route.name().contains("{id}") ? tenant : fixture.newTenant();
                ApiResult result = ApiResult.call(
                        route.handler(), hostile.applyTo(route.event().apply(fresh)));
                HostileRequests.assertAnswered(route.name(), hostile, result);
            });
        }
    }
}
