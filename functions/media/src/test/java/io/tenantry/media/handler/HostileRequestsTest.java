package io.tenantry.media.handler;

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
 * Generated bodies, query strings and headers thrown at every media route (jqwik generates them,
 * with the media fields among the names): never a 5xx, and every refusal is problem+json.
 */
@EmulatedAws
class HostileRequestsTest {
    static final int SAMPLES_PER_ROUTE = 100;
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    record Route(String name, ApiHandler handler, Function<SeededTenant, ApiEvent> event) {}

    @Test
    void everyRoute_answersEveryGeneratedRequest_below500_withProblemJsonWhenRefusing() {
        SeededTenant tenant = fixture.newTenant();
        String id = fixture.create(tenant, "target.png", "image/png", 100)
                .path("id")
                .asText();
        List<Route> routes = List.of(
                new Route("GET /v1/media", fixture.list, t -> t.as("member", "GET", "/v1/media")),
                new Route("POST /v1/media", fixture.create, t -> t.as("member", "POST", "/v1/media")),
                new Route("GET /v1/media/{id}", fixture.get, t -> fixture.onMedia(t, "member", "GET", id)),
                new Route("DELETE /v1/media/{id}", fixture.delete, t -> fixture.onMedia(t, "viewer", "DELETE", id)));
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
