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
import io.tenantry.shared.data.UserDirectory;
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
            "TenantPurgeQueueFunction", 0);

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
        var claims = Events.load("events/tenants/GetTenantFunction.json", APIGatewayV2HTTPEvent.class)
                .getRequestContext()
                .getAuthorizer()
                .getJwt()
                .getClaims();
        Caller caller = new Caller(claims.get("sub"), claims.get("email"), Optional.empty(), Optional.empty());
        var access = caller.ownerOfNewTenant(claims.get("tenant_id"));
        TenantRepository tenants = context.getBean(TenantRepository.class);
        if (tenants.find(access).isEmpty()) {
            UserDirectory.User owner = context.getBean(UserDirectory.class).ensureUser(caller.email());
            tenants.create(access, "Acme Corp", Plan.PRO, owner);
        }
    }

    /** The tenant the purge worker's event names, offboarded and waiting for its purge. */
    static void seedTheTenantToPurge(ApplicationContext context) {
        String body = Events.load("events/tenants/TenantPurgeQueueFunction.json", SQSEvent.class)
                .getRecords()
                .getFirst()
                .getBody();
        String tenantId = body.replaceAll(".*\"tenantId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Caller caller = new Caller("sub-leaving", "leaving@example.test", Optional.empty(), Optional.empty());
        var access = caller.ownerOfNewTenant(tenantId);
        TenantRepository tenants = context.getBean(TenantRepository.class);
        if (tenants.find(access).isEmpty()) {
            UserDirectory.User owner = context.getBean(UserDirectory.class).ensureUser(caller.email());
            tenants.create(access, "Leaving Ltd", Plan.FREE, owner);
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
