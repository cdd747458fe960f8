package io.tenantry.local.backend.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Summing EMF lines as CloudWatch stores them, and the one-line summary of a minute. */
class MetricsCollectorTest {
    static String routeLine(double latency, String status) {
        String errors =
                status.startsWith("4") ? ",\"ClientErrors\":1" : status.startsWith("5") ? ",\"ServerErrors\":1" : "";
        String errorMetrics = status.startsWith("4")
                ? ",{\"Name\":\"ClientErrors\",\"Unit\":\"Count\"}"
                : status.startsWith("5") ? ",{\"Name\":\"ServerErrors\",\"Unit\":\"Count\"}" : "";
        return "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[{\"Namespace\":\"Tenantry\",\"Metrics\":["
                + "{\"Name\":\"Requests\",\"Unit\":\"Count\"},{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}"
                + errorMetrics + "],\"Dimensions\":[[\"Service\"],[\"Service\",\"Route\"]]}]},"
                + "\"Service\":\"s\",\"Route\":\"GET:/v1/x\",\"Requests\":1.0,\"Latency\":" + latency + errors
                + ",\"StatusCode\":" + status + "}";
    }

    static JsonNode entry(MetricsCollector collector, String name, int dimensions) {
        for (JsonNode metric : collector.json().path("metrics")) {
            if (metric.path("name").asText().equals(name)
                    && metric.path("dimensions").size() == dimensions) {
                return metric;
            }
        }
        return null;
    }

    @Test
    void eachMetricIsSummedPerDimensionSet_countingItsValues() {
        MetricsCollector collector = new MetricsCollector();
        assertTrue(collector.accept(routeLine(10, "200")));
        assertTrue(collector.accept(routeLine(30.5, "404")));

        JsonNode requests = entry(collector, "Requests", 2);
        assertEquals("Tenantry", requests.path("namespace").asText());
        assertEquals("Count", requests.path("unit").asText());
        assertEquals("GET:/v1/x", requests.path("dimensions").path("Route").asText());
        assertEquals(2, requests.path("count").asLong());
        assertEquals(2, requests.path("sum").asLong());
        assertEquals(2, entry(collector, "Requests", 1).path("count").asLong());
        assertEquals(40.5, entry(collector, "Latency", 2).path("sum").asDouble());
        assertEquals("Milliseconds", entry(collector, "Latency", 2).path("unit").asText());
        assertEquals(1, entry(collector, "ClientErrors", 2).path("count").asLong());
    }

    @Test
    void aLineThatIsNotEmf_isNotTaken() {
        MetricsCollector collector = new MetricsCollector();
        assertFalse(collector.accept("{\"level\":\"INFO\",\"message\":\"request\"}"));
        assertFalse(collector.accept("{\"_aws\": not json"));
        assertEquals(0, collector.json().path("metrics").size());
    }

    @Test
    void theSummary_saysTheWindowsRequestsErrorsAndP99_onceEachLine_thenNothingWithoutTraffic() {
        MetricsCollector collector = new MetricsCollector();
        assertEquals(Optional.empty(), collector.takeSummary("last 1 min"));
        for (int i = 1; i <= 100; i++) {
            collector.accept(routeLine(i, i == 100 ? "500" : i % 10 == 0 ? "404" : "200"));
        }
        assertEquals(
                Optional.of("metrics (last 1 min): 100 requests, 9 4xx, 1 5xx, p99 99 ms"),
                collector.takeSummary("last 1 min"));
        assertEquals(Optional.empty(), collector.takeSummary("last 1 min"));
    }

    @Test
    void percentile_isTheNearestRank() {
        assertEquals(5.0, MetricsCollector.percentile(List.of(5.0), 0.99));
        assertEquals(2.0, MetricsCollector.percentile(List.of(3.0, 1.0, 2.0), 0.5));
    }
}
