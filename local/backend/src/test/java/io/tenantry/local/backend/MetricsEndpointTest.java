package io.tenantry.local.backend;

import static io.tenantry.local.backend.GatewayTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /local/metrics} over real HTTP against the repository's template: the route metrics the functions
 * emitted move by exactly the requests sent, a success and a client error apart.
 */
class MetricsEndpointTest {
    static final String ROUTE = "GET:/v1/projects/{projectId}";

    static TestBackends.Running backend;
    static String api;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
    }

    /** Count and sum of one metric under {@code [Service, Route]} for {@link #ROUTE}; zeros when absent. */
    static double[] routeMetric(String name) {
        Http.Answer answer = Http.get(api + "/local/metrics");
        assertEquals(200, answer.status(), answer::toString);
        for (JsonNode metric : answer.json().path("metrics")) {
            JsonNode dimensions = metric.path("dimensions");
            if (metric.path("name").asText().equals(name)
                    && dimensions.size() == 2
                    && dimensions.path("Route").asText().equals(ROUTE)
                    && dimensions.has("Service")) {
                assertEquals("Tenantry", metric.path("namespace").asText());
                return new double[] {
                    metric.path("count").asLong(), metric.path("sum").asDouble()
                };
            }
        }
        return new double[] {0, 0};
    }

    static String unitOf(String name) {
        for (JsonNode metric : Http.get(api + "/local/metrics").json().path("metrics")) {
            if (metric.path("name").asText().equals(name)
                    && metric.path("dimensions").path("Route").asText().equals(ROUTE)) {
                return metric.path("unit").asText();
            }
        }
        return null;
    }

    @Test
    void routeMetrics_moveByExactlyWhatWasSent_oneSuccessAndOneClientError() {
        String email = "metrics-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant =
                Http.post(api + "/v1/tenants", "{\"name\":\"Metrics\"}", Http.bearer(Http.token(backend, email, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        String token = Http.token(backend, email, tenant.json().path("id").asText());
        Http.Answer project = Http.post(api + "/v1/projects", "{\"name\":\"Measured\"}", Http.bearer(token));
        assertEquals(201, project.status(), project::toString);
        String projectId = project.json().path("id").asText();

        double[] requests = routeMetric("Requests");
        double[] latency = routeMetric("Latency");
        double[] clientErrors = routeMetric("ClientErrors");
        double[] serverErrors = routeMetric("ServerErrors");

        Http.Answer found = Http.get(api + "/v1/projects/" + projectId, Http.bearer(token));
        assertEquals(200, found.status(), found::toString);
        Http.Answer missing = Http.get(api + "/v1/projects/prj_01JAAAAAAAAAAAAAAAAAAAAAAA", Http.bearer(token));
        assertEquals(404, missing.status(), missing::toString);

        assertEquals(requests[0] + 2, routeMetric("Requests")[0]);
        assertEquals(requests[1] + 2, routeMetric("Requests")[1]);
        assertEquals(latency[0] + 2, routeMetric("Latency")[0]);
        assertTrue(routeMetric("Latency")[1] > latency[1]);
        assertEquals("Milliseconds", unitOf("Latency"));
        assertEquals(clientErrors[0] + 1, routeMetric("ClientErrors")[0]);
        assertEquals(clientErrors[1] + 1, routeMetric("ClientErrors")[1]);
        assertEquals(serverErrors[0], routeMetric("ServerErrors")[0]);
    }

    @Test
    void localMetrics_answersOnlyGet() {
        assertProblem(Http.send("POST", api + "/local/metrics", Map.of(), new byte[0]), 405);
        assertEquals(200, Http.get(api + "/local/metrics").status());
    }
}
