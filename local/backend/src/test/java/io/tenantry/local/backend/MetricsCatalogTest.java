package io.tenantry.local.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.local.testkit.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics the functions really emit agree with the list in docs/metrics.md: a route (sign-up, a 404), a worker
 * (the tenant purge an offboarding queues) and the scheduled cost export run through the backend, and every metric
 * read back from their EMF lines has a documented name, its documented unit and one of its documented dimension sets.
 */
class MetricsCatalogTest {
    /** One row of the table in docs/metrics.md. */
    record Documented(String name, String unit, String emittedBy, Set<String> dimensionSets) {}

    static TestBackends.Running backend;
    static String api;

    @BeforeAll
    static void start() {
        backend = TestBackends.repository();
        api = backend.api();
    }

    static Map<String, Documented> documented() throws IOException {
        Path doc = ProjectRoot.template().getParent().resolve("docs/metrics.md");
        Pattern row = Pattern.compile("^\\| `(\\w+)` \\| (\\w+) \\| (\\w+) \\| ([^|]+) \\|");
        Pattern set = Pattern.compile("\\[([^\\]]+)]");
        Map<String, Documented> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                Set<String> sets = new TreeSet<>();
                Matcher s = set.matcher(m.group(4));
                while (s.find()) {
                    sets.add(canonical(List.of(s.group(1).split(","))));
                }
                rows.put(m.group(1), new Documented(m.group(1), m.group(2), m.group(3), sets));
            }
        }
        return rows;
    }

    static String canonical(Iterable<String> keys) {
        Set<String> sorted = new TreeSet<>();
        keys.forEach(k -> sorted.add(k.strip()));
        return String.join(",", sorted);
    }

    /** GET /local/metrics, until {@code ready} holds for it (a worker runs after its message is polled). */
    static JsonNode metricsWhen(java.util.function.Predicate<JsonNode> ready) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode metrics = null;
        while (System.nanoTime() < deadline) {
            metrics = Http.get(api + "/local/metrics").json().path("metrics");
            if (ready.test(metrics)) {
                return metrics;
            }
            Thread.sleep(200);
        }
        fail("The metrics never showed what was expected: " + metrics);
        return metrics;
    }

    static boolean has(JsonNode metrics, String name, String dimension, String value) {
        for (JsonNode metric : metrics) {
            if (metric.path("name").asText().equals(name)
                    && metric.path("dimensions").path(dimension).asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyMetricARouteAWorkerAndTheScheduledExportEmit_isListedWithItsUnitAndDimensions() throws Exception {
        Map<String, Documented> documented = documented();
        assertTrue(documented.size() >= 18, documented::toString);

        String email = "catalog-" + UUID.randomUUID() + "@example.test";
        Http.Answer tenant =
                Http.post(api + "/v1/tenants", "{\"name\":\"Catalog\"}", Http.bearer(Http.token(backend, email, null)));
        assertEquals(201, tenant.status(), tenant::toString);
        String token = Http.token(backend, email, tenant.json().path("id").asText());
        Http.Answer missing = Http.get(api + "/v1/projects/prj_01JAAAAAAAAAAAAAAAAAAAAAAA", Http.bearer(token));
        assertEquals(404, missing.status(), missing::toString);
        Http.Answer offboarded = Http.send("DELETE", api + "/v1/tenant", Http.bearer(token), null);
        assertEquals(202, offboarded.status(), offboarded::toString);
        Http.Answer exported = Http.post(api + "/local/schedules/CostExportFunction", "", Map.of());
        assertEquals(200, exported.status(), exported::toString);
        assertEquals("ok", exported.json().path("status").asText(), exported::toString);

        JsonNode metrics = metricsWhen(m -> has(m, "Messages", "Worker", "TenantPurgeQueue"));

        Set<String> seen = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (JsonNode metric : metrics) {
            String name = metric.path("name").asText();
            seen.add(name);
            assertEquals("Tenantry", metric.path("namespace").asText(), metric::toString);
            Documented row = documented.get(name);
            if (row == null) {
                wrong.add(name + ": not in docs/metrics.md");
                continue;
            }
            if (!row.unit().equals(metric.path("unit").asText())) {
                wrong.add(name + ": unit " + metric.path("unit").asText() + ", documented " + row.unit());
            }
            List<String> keys = new ArrayList<>();
            metric.path("dimensions").fieldNames().forEachRemaining(keys::add);
            if (!row.dimensionSets().contains(canonical(keys))) {
                wrong.add(name + ": dimensions " + keys + ", documented " + row.dimensionSets());
            }
        }
        assertEquals(List.of(), wrong);

        // Each kind of function was heard from, with the metrics it always writes.
        assertTrue(has(metrics, "Requests", "Route", "POST:/v1/tenants"), metrics::toString);
        assertTrue(has(metrics, "ClientErrors", "Route", "GET:/v1/projects/{projectId}"), metrics::toString);
        assertTrue(has(metrics, "OldestMessageAge", "Worker", "TenantPurgeQueue"), metrics::toString);
        assertTrue(has(metrics, "Invocations", "Function", "CostExport"), metrics::toString);
        assertTrue(has(metrics, "Duration", "Function", "CostExport"), metrics::toString);
        for (String name : List.of(
                "Requests",
                "Latency",
                "ClientErrors",
                "Messages",
                "OldestMessageAge",
                "Invocations",
                "Duration",
                "ColdStarts",
                "SignUps",
                "Offboardings")) {
            assertTrue(seen.contains(name), name + " was not emitted: " + seen);
            assertEquals(
                    switch (name) {
                        case "Requests", "Latency", "ClientErrors" -> "route";
                        case "Messages", "OldestMessageAge" -> "worker";
                        case "Invocations", "Duration" -> "function";
                        case "ColdStarts" -> "any";
                        default -> "business";
                    },
                    documented.get(name).emittedBy(),
                    name);
        }
    }
}
