package io.tenantry.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Routes are measured by the handler base, once: every request a route answers is one EMF line with
 * the route and the plan as dimensions and the tenant as a property, whatever the handler does; and
 * a line that cannot be written never costs the request its answer.
 */
@EmulatedAws
class RouteMetricsIT {
    static ApplicationContext context;
    static TestTenants tenants;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("GetProjectFunction"));
        properties.put("tenantry.metering.enabled", "false");
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Route("GET /v1/metrics-probe")
    static final class Probe extends ApiHandler {
        Probe(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            return ApiResponse.ok(Map.of("tenant", request.tenant().tenantId()));
        }
    }

    @Route(value = "GET /v1/failing-probe", access = Route.Access.PUBLIC)
    static final class Failing extends ApiHandler {
        Failing(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            throw new IllegalStateException("broken");
        }
    }

    /** A route key no dimension value can hold (not ASCII): its lines fail validation. */
    @Route(value = "GET /v1/pr\u00f8be", access = Route.Access.PUBLIC)
    static final class Unmeasurable extends ApiHandler {
        Unmeasurable(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request) {
            return ApiResponse.ok(Map.of("ok", true));
        }
    }

    static APIGatewayV2HTTPEvent probe(SeededTenant tenant) {
        return tenant.as(Role.VIEWER, "GET", "/v1/metrics-probe")
                .route("GET /v1/metrics-probe")
                .build();
    }

    @Test
    void aTenantRequest_isOneLine_withRouteAndPlanDimensions_andTheTenantAsAProperty() {
        SeededTenant tenant = tenants.create(Plan.PRO);
        Probe handler = new Probe(context);

        var first = EmfOutput.capture(() -> handler.execute(probe(tenant)));
        assertEquals(200, first.result().getStatusCode(), first.result()::getBody);
        JsonNode line = first.only();
        assertEquals(List.of("Service", "Service,Route", "Service,Plan"), EmfOutput.dimensionSets(line));
        assertEquals("GET:/v1/metrics-probe", line.path("Route").asText());
        assertEquals("pro", line.path("Plan").asText());
        assertEquals(tenant.tenantId(), line.path("TenantId").asText());
        assertEquals(200, line.path("StatusCode").asInt());
        assertEquals(
                first.result().getHeaders().get("X-Request-Id"),
                line.path("RequestId").asText());
        assertEquals(1.0, line.path("Requests").asDouble());
        assertEquals("Milliseconds", EmfOutput.unit(line, "Latency"));
        assertTrue(line.path("Latency").asDouble() > 0);
        assertEquals(1.0, line.path("ColdStarts").asDouble(), "the instance's first invocation");
        assertFalse(line.has("ClientErrors") || line.has("ServerErrors") || line.has("Throttles"));

        JsonNode second =
                EmfOutput.capture(() -> handler.execute(probe(tenant))).only();
        assertEquals(1.0, second.path("Requests").asDouble());
        assertFalse(second.has("ColdStarts"), "only the first invocation is a cold start");
    }

    @Test
    void aRefusedRequest_isAClientError_onNoPlan_withoutATenant() {
        APIGatewayV2HTTPEvent anonymous = ApiEvent.of("GET", "/v1/metrics-probe")
                .route("GET /v1/metrics-probe")
                .build();
        var captured = EmfOutput.capture(() -> new Probe(context).execute(anonymous));
        assertEquals(401, captured.result().getStatusCode());
        JsonNode line = captured.only();
        assertEquals(1.0, line.path("ClientErrors").asDouble());
        assertFalse(line.has("ServerErrors"));
        assertEquals("none", line.path("Plan").asText());
        assertFalse(line.has("TenantId"));
        assertEquals(401, line.path("StatusCode").asInt());
    }

    @Test
    void aFailingHandler_isAServerError() {
        APIGatewayV2HTTPEvent event = ApiEvent.of("GET", "/v1/failing-probe")
                .route("GET /v1/failing-probe")
                .build();
        var captured = EmfOutput.capture(() -> new Failing(context).execute(event));
        assertEquals(500, captured.result().getStatusCode());
        assertEquals(1.0, captured.only().path("ServerErrors").asDouble());
        assertEquals("Count", EmfOutput.unit(captured.only(), "ServerErrors"));
    }

    /**
     * On Lambda, a 5xx line carries the function's version as a dimension, which its rollback alarm reads; a line
     * that is not a 5xx does not (a metric per version and name on every line would be new metrics at every deploy),
     * and outside Lambda there is no version to name.
     */
    @Test
    void aServerError_onLambda_namesTheFunctionVersion_otherAnswersDoNot(AwsEnvironment aws) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("GetProjectFunction"));
        properties.put("tenantry.metering.enabled", "false");
        properties.put("aws.lambda.function.name", "tenantry-GetProjectFunction-Ab12");
        properties.put("aws.lambda.function.version", "7");
        try (ApplicationContext lambda = ApplicationContext.run(properties)) {
            APIGatewayV2HTTPEvent event = ApiEvent.of("GET", "/v1/failing-probe")
                    .route("GET /v1/failing-probe")
                    .build();
            JsonNode failed =
                    EmfOutput.capture(() -> new Failing(lambda).execute(event)).only();
            assertEquals(
                    Set.of("Service", "Service,Route", "Service,Plan", "Service,FunctionVersion"),
                    Set.copyOf(EmfOutput.dimensionSets(failed)));
            assertEquals(
                    "tenantry-GetProjectFunction-Ab12:7",
                    failed.path("FunctionVersion").asText());
            assertEquals(1.0, failed.path("ServerErrors").asDouble());

            SeededTenant tenant = new TestTenants(lambda).create(Plan.PRO);
            JsonNode served = EmfOutput.capture(() -> new Probe(lambda).execute(probe(tenant)))
                    .only();
            assertEquals(List.of("Service", "Service,Route", "Service,Plan"), EmfOutput.dimensionSets(served));
            assertFalse(served.has("FunctionVersion"));
        }
        JsonNode local = EmfOutput.capture(() -> new Failing(context)
                        .execute(ApiEvent.of("GET", "/v1/failing-probe")
                                .route("GET /v1/failing-probe")
                                .build()))
                .only();
        assertEquals(1.0, local.path("ServerErrors").asDouble());
        assertFalse(local.has("FunctionVersion"), "outside Lambda no version is named");
    }

    @Test
    void aFailingFlush_stillAnswersTheRequest() {
        SeededTenant tenant = tenants.create(Plan.FREE);
        MetricsEmitter emitter = context.getBean(MetricsEmitter.class);
        long dropped = emitter.dropped();

        APIGatewayV2HTTPResponse answered =
                EmfOutput.withFailingOutput(() -> new Probe(context).execute(probe(tenant)));

        assertEquals(200, answered.getStatusCode(), answered::getBody);
        assertEquals(dropped + 1, emitter.dropped());
        // The twin: the same request with a working output is answered and measured.
        var measured = EmfOutput.capture(() -> new Probe(context).execute(probe(tenant)));
        assertEquals(200, measured.result().getStatusCode());
        assertEquals(1.0, measured.only().path("Requests").asDouble());
        assertEquals(dropped + 1, emitter.dropped());
    }

    @Test
    void aBadDimension_dropsTheLine_theRequestStillAnswers() {
        MetricsEmitter emitter = context.getBean(MetricsEmitter.class);
        long dropped = emitter.dropped();
        APIGatewayV2HTTPEvent event =
                ApiEvent.of("GET", "/v1/pr\u00f8be").route("GET /v1/pr\u00f8be").build();

        var captured = EmfOutput.capture(() -> new Unmeasurable(context).execute(event));

        assertEquals(200, captured.result().getStatusCode(), captured.result()::getBody);
        assertTrue(captured.lines().isEmpty(), captured.lines()::toString);
        assertEquals(dropped + 1, emitter.dropped());
    }

    @Test
    void priming_isNeitherARequestNorTheColdStart() {
        SeededTenant tenant = tenants.create(Plan.FREE);
        Probe handler = new Probe(context);

        var primed = EmfOutput.capture(() -> {
            handler.beforeCheckpoint(null);
            return null;
        });
        assertTrue(primed.lines().isEmpty(), primed.lines()::toString);

        JsonNode first = EmfOutput.capture(() -> handler.execute(probe(tenant))).only();
        assertEquals(1.0, first.path("ColdStarts").asDouble());
    }
}
