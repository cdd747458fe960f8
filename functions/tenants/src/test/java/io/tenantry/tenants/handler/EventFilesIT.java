package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.testing.EventFilesSuite;
import io.tenantry.tenants.repository.TenantRepository;
import java.util.Map;
import java.util.Optional;

/**
 * Every tenants function answers its sample event as it implies. The events' tenant (its claims) is
 * seeded first, as after a sign-up, and the tenant the purge worker's event names is offboarded.
 */
@EmulatedAws
class EventFilesIT extends EventFilesSuite {
    EventFilesIT() {
        super("io.tenantry.tenants");
    }

    /** Offboarding is accepted: the purge follows through the queue. */
    @Override
    protected Map<String, Integer> statusOverrides() {
        return Map.of("DeleteTenantFunction", 202);
    }

    @Override
    protected void seed() {
        tenants().admit(Events.load("events/tenants/GetTenantFunction.json", APIGatewayV2HTTPEvent.class));
        String body = Events.load("events/tenants/TenantPurgeQueueFunction.json", SQSEvent.class)
                .getRecords()
                .getFirst()
                .getBody();
        String tenantId = body.replaceAll(".*\"tenantId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Caller caller =
                new Caller("test-issuer", "sub-leaving", Optional.empty(), false, Optional.empty(), Optional.empty());
        var access = caller.ownerOfNewTenant(tenantId, Ids.userId());
        TenantRepository repository = context().getBean(TenantRepository.class);
        if (repository.find(access).isEmpty()) {
            repository.create(access, "Leaving Ltd", Plan.FREE, "leaving@example.test", 0);
            repository.markDeleting(access, 1, "2025-11-22T19:31:00Z");
        }
    }

    /** The operator's plan change, invoked directly with its payload, puts the events' tenant on pro. */
    @Override
    protected void answers(FunctionUnderTest function, Object handler) throws Exception {
        Map<String, Object> payload =
                new ObjectMapper().readValue(function.eventFile().toFile(), new TypeReference<>() {});
        assertEquals(
                "pro",
                ((ChangeTenantPlanHandler) handler).handleRequest(payload, null).plan(),
                function.toString());
    }
}
