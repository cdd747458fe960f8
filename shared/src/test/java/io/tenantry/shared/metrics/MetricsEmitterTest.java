package io.tenantry.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantry.shared.snapstart.PrimingGuard;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** The one class that writes EMF: what a line holds, and that writing it never fails its caller. */
class MetricsEmitterTest {
    final MetricsEmitter emitter =
            new MetricsEmitter(new MetricsSettings("Tenantry", "test-stack", "on-demand", "", ""));

    static MetricLine routeLine(String route) {
        return MetricLine.create()
                .dimension(MetricNames.ROUTE, route)
                .dimension(MetricNames.PLAN, "pro")
                .count(MetricNames.REQUESTS, 1)
                .milliseconds(MetricNames.LATENCY, 12.5)
                .count(MetricNames.SERVER_ERRORS, 0)
                .property(MetricNames.TENANT_ID, "ten_1")
                .property(MetricNames.REQUEST_ID, null);
    }

    @Test
    void aLine_hasTheNamespace_aServiceWideSet_andOneSetPerDimension_andTheTenantAsAProperty() {
        JsonNode line = EmfOutput.capture(() -> {
                    emitter.emit(routeLine("GET:/v1/projects"));
                    return null;
                })
                .only();
        assertEquals("Tenantry", EmfOutput.directive(line).path("Namespace").asText());
        assertEquals(List.of("Service", "Service,Route", "Service,Plan"), EmfOutput.dimensionSets(line));
        assertEquals("test-stack", line.path("Service").asText());
        assertEquals("GET:/v1/projects", line.path("Route").asText());
        assertEquals("pro", line.path("Plan").asText());
        assertEquals("ten_1", line.path("TenantId").asText());
        assertEquals(1.0, line.path("Requests").asDouble());
        assertEquals("Count", EmfOutput.unit(line, "Requests"));
        assertEquals("Milliseconds", EmfOutput.unit(line, "Latency"));
        // A zero count is not written; a null property neither.
        assertFalse(line.has("ServerErrors"));
        assertFalse(line.has("RequestId"));
        assertEquals(0, emitter.dropped());
    }

    @Test
    void aFailingOutput_dropsTheLine_andNeverThrows() {
        assertDoesNotThrow(() -> EmfOutput.withFailingOutput(() -> {
            emitter.emit(routeLine("GET:/v1/projects"));
            return null;
        }));
        assertEquals(1, emitter.dropped());
    }

    @Test
    void anInvalidDimension_dropsTheLine_andNeverThrows() {
        var captured = EmfOutput.capture(() -> {
            emitter.emit(routeLine("GET /v1/with space"));
            emitter.emit(routeLine("GET:/v1/pr\u00f8jects"));
            emitter.emit(routeLine("x".repeat(2000)));
            return null;
        });
        assertTrue(captured.lines().isEmpty(), captured.lines()::toString);
        assertEquals(3, emitter.dropped());
    }

    @Test
    void aLineWithoutSamples_writesNothing() {
        var captured = EmfOutput.capture(() -> {
            emitter.emit(MetricLine.create().dimension(MetricNames.WORKER, "X").count(MetricNames.MESSAGES, 0));
            return null;
        });
        assertTrue(captured.lines().isEmpty());
    }

    @Test
    void priming_writesNothing() {
        var captured = EmfOutput.capture(() -> {
            emitter.prime();
            return null;
        });
        assertTrue(captured.lines().isEmpty());
        assertEquals(0, emitter.dropped());
    }

    @Test
    void insideAPrimingRun_aLineIsMadeAndWrittenNowhere_andTheSameLineOutsideItIsWritten() {
        PrimingGuard guard = new PrimingGuard();
        MetricsEmitter guarded =
                new MetricsEmitter(new MetricsSettings("Tenantry", "test-stack", "on-demand", "", ""), guard);

        var primed = EmfOutput.capture(() -> guard.run(() -> {
            guarded.emit(routeLine("GET:/v1/projects"));
            return null;
        }));
        assertTrue(primed.lines().isEmpty(), primed.lines()::toString);
        assertEquals(0, guarded.dropped(), "made and serialised without a failure");
        // What makes a line fail makes a priming line fail too: it goes the same way until the sink.
        guard.run(() -> {
            guarded.emit(routeLine("GET /v1/with space"));
            return null;
        });
        assertEquals(1, guarded.dropped());

        JsonNode written = EmfOutput.capture(() -> {
                    guarded.emit(routeLine("GET:/v1/projects"));
                    return null;
                })
                .only();
        assertEquals("GET:/v1/projects", written.path("Route").asText());
    }

    @Test
    void routeDimension_writesTheRouteKeysSpaceAsAColon() {
        assertEquals("GET:/v1/projects/{projectId}", FunctionMetrics.routeDimension("GET /v1/projects/{projectId}"));
        assertEquals("InvoiceQueue", FunctionMetrics.nameOf(InvoiceQueueHandler.class));
        assertEquals(
                MetricUnit.COUNT,
                MetricLine.create().count("X", 2).samples().get(0).unit());
    }

    static final class InvoiceQueueHandler {}
}
