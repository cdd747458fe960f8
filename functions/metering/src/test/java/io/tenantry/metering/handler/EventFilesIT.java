package io.tenantry.metering.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.metering.UsageReader;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.EventFilesSuite;
import java.time.LocalDate;

/** The aggregator answers its sample event (a delivery of a request's log lines) and counts the usage line in it. */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    static final String TENANT = "ten_01JD3Q5R7C0000000000000001";

    EventFilesIT() {
        super("io.tenantry.metering");
    }

    @Override
    protected void seed() {
        tenants().create(TENANT, Plan.PRO);
    }

    @Override
    protected void answers(FunctionUnderTest function, Object handler) {
        CloudWatchLogsEvent event = Events.load(function.eventFile(), CloudWatchLogsEvent.class);
        UsageReader usage = context().getBean(UsageReader.class);
        LocalDate day = LocalDate.of(2026, 12, 6);
        long before =
                usage.daily(SystemAccess.forWorker(TENANT), day, day).getFirst().requests();

        ((UsageLogHandler) handler).handleRequest(event, null);
        ((UsageLogHandler) handler).handleRequest(event, null);

        assertEquals(
                before + 1,
                usage.daily(SystemAccess.forWorker(TENANT), day, day).getFirst().requests(),
                "the event's one usage line, counted once though delivered twice");
    }
}
