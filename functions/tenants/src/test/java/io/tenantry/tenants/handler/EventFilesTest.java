package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.local.testkit.Events;
import io.tenantry.local.testkit.TemplateFunctions;
import io.tenantry.local.testkit.TemplateFunctions.FunctionUnderTest;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.plan.Plan;
import io.tenantry.shared.queue.QueueHandler;
import io.tenantry.tenants.repository.TenantRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every tenants function in template.yaml has a sample event in events/, and its handler answers it
 * as the event implies. The events' tenant (its claims) is seeded first, as after a sign-up.
 */
@EmulatedAws
class EventFilesTest {
    static final Map<String, Integer> EXPECTED = Map.of(
            "CreateTenantFunction", 201,
            "GetTenantFunction", 200,
            "UpdateTenantFunction", 200,
            "DeleteTenantFunction", 202,
            "TenantPurgeQueueFunction", 0,
            "ChangeTenantPlanFunction", 0);

    static TenantsFixture fixture;
    static List<FunctionUnderTest> functions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(aws, Map.of());
        functions = TemplateFunctions.inPackage(aws.template(), "io.tenantry.tenants");
        seedTheEventsTenant(fixture.context);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static void seedTheEventsTenant(ApplicationContext context) {
        fixture.tenants.admit(Events.load("events/tenants/GetTenantFunction.json", APIGatewayV2HTTPEvent.class));
    }

    /** The tenant the purge worker's event names, offboarded and waiting for its purge. */
    static void seedTheTenantToPurge(ApplicationContext context) {
        String body = Events.load("events/tenants/TenantPurgeQueueFunction.json", SQSEvent.class)
                .getRecords()
                .getFirst()
                .getBody();
        String tenantId = body.replaceAll(".*\"tenantId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Caller caller =
                new Caller("test-issuer", "sub-leaving", Optional.empty(), false, Optional.empty(), Optional.empty());
        var access = caller.ownerOfNewTenant(tenantId, io.tenantry.shared.id.Ids.userId());
        TenantRepository tenants = context.getBean(TenantRepository.class);
        if (tenants.find(access).isEmpty()) {
            tenants.create(access, "Leaving Ltd", Plan.FREE, "leaving@example.test", 0);
            tenants.markDeleting(access, 1, "2025-11-22T19:31:00Z");
        }
    }

    @Test
    void everyFunction_answersItsSampleEvent_withTheStatusItImplies() throws Exception {
        assertEquals(
                EXPECTED.keySet(),
                functions.stream().map(FunctionUnderTest::logicalId).collect(java.util.stream.Collectors.toSet()));
        seedTheTenantToPurge(fixture.context);
        // The events share one tenant: offboarding it comes last.
        List<FunctionUnderTest> deleteLast = functions.stream()
                .sorted(java.util.Comparator.comparing(f -> f.logicalId().equals("DeleteTenantFunction")))
                .toList();
        for (FunctionUnderTest function : deleteLast) {
            Object handler = Class.forName(function.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(fixture.context);
            if (handler instanceof ChangeTenantPlanHandler operator) {
                Map<String, Object> payload = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(
                                function.eventFile().toFile(),
                                new com.fasterxml.jackson.core.type.TypeReference<>() {});
                assertEquals("pro", operator.handleRequest(payload, null).plan(), function.toString());
                continue;
            }
            if (handler instanceof QueueHandler worker) {
                SQSBatchResponse response =
                        worker.handleRequest(Events.load(function.eventFile(), SQSEvent.class), null);
                assertEquals(List.of(), response.getBatchItemFailures(), function.toString());
                continue;
            }
            ApiResult result = ApiResult.call(
                    (ApiHandler) handler, Events.load(function.eventFile(), APIGatewayV2HTTPEvent.class));
            assertEquals(EXPECTED.get(function.logicalId()), result.status(), function + ": " + result);
        }
    }
}
