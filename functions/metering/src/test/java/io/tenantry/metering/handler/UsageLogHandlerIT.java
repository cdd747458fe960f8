package io.tenantry.metering.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.metering.service.UsageLogs;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.json.JsonCodec;
import io.tenantry.shared.metering.DailyUsage;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.snapstart.Priming;
import io.tenantry.shared.snapstart.PrimingGuard;
import io.tenantry.shared.testing.TestTenants;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The aggregator as the log subscription invokes it: a delivery's usage lines are counted, each tenant's into its
 * own items, once however often the delivery comes; the lines of an offboarded tenant are dropped while the rest of
 * the same delivery counts; a delivery it cannot read fails, so that Lambda keeps it.
 */
@EmulatedAws
class UsageLogHandlerIT {
    static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    static ApplicationContext context;
    static TestTenants tenants;
    static UsageLogHandler handler;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("UsageLogFunction"));
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        handler = new UsageLogHandler(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static String usageLine(String tenantId, long requests, long computeMs) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("tenantryUsage", 1);
        line.put("id", UUID.randomUUID() + "-1");
        line.put("tenantId", tenantId);
        line.put("day", DAY.toString());
        line.put("requests", requests);
        line.put("computeMs", computeMs);
        line.put("computeMbMs", computeMs * 1024);
        return new String(context.getBean(JsonCodec.class).write(line), StandardCharsets.UTF_8);
    }

    static CloudWatchLogsEvent delivery(List<String> messages) {
        CloudWatchLogsEvent event = new CloudWatchLogsEvent();
        CloudWatchLogsEvent.AWSLogs logs = new CloudWatchLogsEvent.AWSLogs();
        logs.setData(context.getBean(UsageLogs.class).encode("tenantry-GetProjectLogGroup", "stream", messages));
        event.setAwsLogs(logs);
        return event;
    }

    static DailyUsage usageOf(String tenantId) {
        TenantAccess access = SystemAccess.forWorker(tenantId);
        return context.getBean(UsageReader.class).daily(access, DAY, DAY).getFirst();
    }

    @Test
    void eachTenantsLines_countForThatTenant_onceHoweverOftenTheDeliveryComes() {
        String a = tenants.create(Plan.PRO).tenantId();
        String b = tenants.create(Plan.FREE).tenantId();
        List<String> messages = new ArrayList<>();
        messages.add("{\"level\":\"INFO\",\"message\":\"request\"}");
        messages.add(usageLine(a, 1, 12));
        messages.add(usageLine(a, 2, 30));
        messages.add(usageLine(b, 1, 7));
        messages.add("REPORT RequestId: 1 Duration: 12.00 ms");
        CloudWatchLogsEvent event = delivery(messages);

        handler.handleRequest(event, null);
        handler.handleRequest(event, null); // Lambda's retry of the same invocation, or a duplicate delivery

        assertEquals(3, usageOf(a).requests());
        assertEquals(42, usageOf(a).computeMs());
        assertEquals(1, usageOf(b).requests());
        assertEquals(7, usageOf(b).computeMs());

        handler.handleRequest(delivery(List.of(usageLine(a, 1, 5))), null);
        assertEquals(4, usageOf(a).requests(), "another delivery of the same tenant counts");
    }

    /**
     * Priming delivers a usage line of the priming tenant through the whole path, its transaction stopped before it is
     * sent in every round: nothing is counted for that tenant, no priming step fails, and the first delivery after it
     * counts.
     */
    @Test
    void theSnapStartHook_writesNothing_andTheFirstDeliveryAfterItCounts() {
        PrimingGuard guard = context.getBean(PrimingGuard.class);
        Priming priming = context.getBean(Priming.class);
        int stopsBefore = guard.stops();
        int failuresBefore = priming.failures();
        UsageLogHandler fresh = new UsageLogHandler(context);

        fresh.beforeCheckpoint(null);

        assertTrue(guard.stops() - stopsBefore >= 20, "the priming tenant's transaction, stopped in every round");
        assertEquals(failuresBefore, priming.failures(), "no priming step failed");
        LocalDate primingDay = LocalDate.of(2026, 1, 1);
        assertEquals(
                0,
                context.getBean(UsageReader.class)
                        .daily(SystemAccess.forWorker(Priming.TENANT_ID), primingDay, primingDay)
                        .getFirst()
                        .requests());

        String tenant = tenants.create(Plan.PRO).tenantId();
        fresh.handleRequest(delivery(List.of(usageLine(tenant, 3, 9))), null);
        assertEquals(3, usageOf(tenant).requests());
    }

    @Test
    void anOffboardedTenantsLines_areDropped_theOthersOfTheDeliveryCount() {
        TestTenants.SeededTenant leaving = tenants.create(Plan.PRO);
        String staying = tenants.create(Plan.PRO).tenantId();
        tenants.markDeleting(leaving);

        handler.handleRequest(delivery(List.of(usageLine(leaving.tenantId(), 5, 5), usageLine(staying, 2, 2))), null);

        assertEquals(0, usageOf(leaving.tenantId()).requests());
        assertEquals(2, usageOf(staying).requests());
    }

    @Test
    void aControlMessage_countsNothing_andAnUnreadableDeliveryFails() {
        String tenant = tenants.create(Plan.PRO).tenantId();
        CloudWatchLogsEvent control = new CloudWatchLogsEvent();
        CloudWatchLogsEvent.AWSLogs logs = new CloudWatchLogsEvent.AWSLogs();
        String json =
                "{\"messageType\":\"CONTROL_MESSAGE\",\"logGroup\":\"\",\"logStream\":\"\",\"logEvents\":[{\"id\":\"1\","
                        + "\"timestamp\":0,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Lambda.\"}]}";
        logs.setData(java.util.Base64.getEncoder().encodeToString(gzip(json)));
        control.setAwsLogs(logs);
        handler.handleRequest(control, null);
        assertEquals(0, usageOf(tenant).requests());

        CloudWatchLogsEvent garbage = new CloudWatchLogsEvent();
        CloudWatchLogsEvent.AWSLogs bad = new CloudWatchLogsEvent.AWSLogs();
        bad.setData(java.util.Base64.getEncoder().encodeToString("not gzip".getBytes(StandardCharsets.UTF_8)));
        garbage.setAwsLogs(bad);
        assertThrows(RuntimeException.class, () -> handler.handleRequest(garbage, null));

        handler.handleRequest(delivery(List.of(usageLine(tenant, 1, 1))), null);
        assertEquals(1, usageOf(tenant).requests(), "the same handler counts a readable delivery");
    }

    static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
