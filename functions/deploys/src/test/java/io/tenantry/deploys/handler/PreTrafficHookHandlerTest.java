package io.tenantry.deploys.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.tenantry.deploys.model.InvalidHookEventException;
import io.tenantry.local.testkit.Events;
import io.tenantry.shared.auth.SyntheticTenant;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PreTraffic hook against Lambda's and CodeDeploy's APIs on loopback, the new versions being real handlers on
 * the shared handler base: a sound release goes ahead; a deliberately broken one (a 500, a body that is not JSON,
 * an invocation that crashes) is reported Failed, so CodeDeploy rolls it back before any traffic reaches it.
 */
class PreTrafficHookHandlerTest {
    static final String HEALTH = "arn:aws:lambda:us-east-1:123456789012:function:tenantry-GetHealthFunction:7";
    static final String TENANT = "arn:aws:lambda:us-east-1:123456789012:function:tenantry-GetTenantFunction:7";

    static FakeAws aws;
    static ApplicationContext context;
    static PreTrafficHookHandler hook;
    static JsonMapper json;

    @BeforeAll
    static void start() throws IOException {
        aws = new FakeAws();
        context = ApplicationContext.run(Map.of(
                "tenantry.endpoint.lambda",
                aws.url(),
                "tenantry.endpoint.codedeploy",
                aws.url(),
                "tenantry.aws.region",
                "us-east-1",
                "tenantry.aws.access-key-id",
                "test-key",
                "tenantry.aws.secret-access-key",
                "test-secret",
                "tenantry.pretraffic.probes",
                "GET /v1/health=" + HEALTH + ",GET /v1/tenant=" + TENANT));
        hook = new PreTrafficHookHandler(context);
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        aws.close();
    }

    @BeforeEach
    void soundRelease() {
        aws.reset();
        aws.version(HEALTH, new ProbedHandlers.Sound(context));
        aws.version(TENANT, new ProbedHandlers.Sound(context));
    }

    Map<String, Object> runHook() {
        return hook.execute(Map.of("DeploymentId", "d-TEST", "LifecycleEventHookExecutionId", "exec-1"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> reported() throws IOException {
        assertEquals(1, aws.hookStatuses.size(), "exactly one status reported to CodeDeploy");
        Map<String, Object> status = json.readValue(aws.hookStatuses.getFirst(), Map.class);
        assertEquals("d-TEST", status.get("deploymentId"));
        assertEquals("exec-1", status.get("lifecycleEventHookExecutionId"));
        return status;
    }

    @Test
    void aSoundRelease_isReportedSucceeded_afterEveryProbe() throws IOException {
        Map<String, Object> outcome = runHook();

        assertEquals("Succeeded", outcome.get("status"), outcome.toString());
        assertEquals(true, outcome.get("reported"));
        assertEquals("Succeeded", reported().get("status"));
        assertEquals(List.of(HEALTH, TENANT), aws.invoked, "each new version invoked once, in order");
    }

    @Test
    void aHandlerThatThrows_failsTheDeployment_withTheRouteAnd500Named() throws IOException {
        aws.version(TENANT, new ProbedHandlers.Throwing(context));

        Map<String, Object> outcome = runHook();

        assertEquals("Failed", outcome.get("status"));
        assertEquals("Failed", reported().get("status"));
        String probes = outcome.get("probes").toString();
        assertTrue(probes.contains("GET /v1/tenant") && probes.contains("answered 500"), probes);
    }

    @Test
    void aBodyThatIsNotJson_failsTheDeployment() throws IOException {
        aws.version(HEALTH, new ProbedHandlers.Malformed(context));

        Map<String, Object> outcome = runHook();

        assertEquals("Failed", reported().get("status"));
        assertTrue(outcome.get("probes").toString().contains("not a JSON object"), outcome.toString());
    }

    @Test
    void anInvocationThatCrashes_failsTheDeployment() throws IOException {
        aws.crashingVersion(TENANT);

        Map<String, Object> outcome = runHook();

        assertEquals("Failed", reported().get("status"));
        assertTrue(outcome.get("probes").toString().contains("the invocation failed"), outcome.toString());
    }

    @Test
    void whenCodeDeployCannotBeTold_theHookSaysSo_andReturns_soCodeDeploysTimeoutFailsTheDeployment() {
        aws.codeDeployDown = true;

        Map<String, Object> outcome = runHook();

        assertEquals("Succeeded", outcome.get("status"), "the probes passed");
        assertEquals(false, outcome.get("reported"));
        assertEquals(List.of(), aws.hookStatuses);
    }

    @Test
    void theProbes_actAsTheSyntheticTenant() throws IOException {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        aws.version(TENANT, (event, ctx) -> {
            seen.add(event.getRequestContext()
                    .getAuthorizer()
                    .getJwt()
                    .getClaims()
                    .get("tenant_id"));
            seen.add(event.getRouteKey());
            return new ProbedHandlers.Sound(context).handleRequest(event, ctx);
        });

        runHook();

        assertEquals(List.of(SyntheticTenant.TENANT_ID, "GET /v1/tenant"), seen);
        assertEquals("Succeeded", reported().get("status"));
    }

    @Test
    void theSampleEvent_isAHookEvent_andSomethingElseIsRefused() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> event =
                json.readValue(Events.json("events/deploys/PreTrafficHookFunction.json"), Map.class);

        Map<String, Object> outcome = hook.execute(event);

        assertEquals("d-EXAMPLE123", outcome.get("deploymentId"));
        assertEquals("Succeeded", outcome.get("status"));
        aws.hookStatuses.clear();
        assertThrows(InvalidHookEventException.class, () -> hook.execute(Map.of("from", "2024-01-01")));
        assertFalse(aws.hookStatuses.iterator().hasNext(), "nothing reported for a non-hook event");
    }
}
