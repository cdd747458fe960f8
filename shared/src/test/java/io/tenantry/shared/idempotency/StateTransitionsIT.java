package io.tenantry.shared.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.TenantItems;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.idempotency.StateTransitions.Transition;
import io.tenantry.shared.testing.MovableClock;
import io.tenantry.shared.testing.TestTenants;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Claim an item for processing if it is in the state work starts from (or its claim lapsed), then
 * complete it: against DynamoDB Local, with a clock the test moves.
 */
@EmulatedAws
class StateTransitionsIT {
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Transition CLAIM = Transition.from("pending").to("working").leased("workingUntil", LEASE);

    static ApplicationContext context;
    static TestTenants tenants;
    static TenantItems items;
    static final MovableClock clock = new MovableClock();
    static StateTransitions transitions;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("InvoiceQueueFunction"));
        properties.put("tenantry.metering.enabled", "false");
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        items = context.getBean(TenantItems.class);
        transitions = new StateTransitions(items, clock);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static TenantAccess newTenant() {
        return SystemAccess.forWorker(tenants.create().tenantId());
    }

    static String pendingJob(TenantAccess access) {
        String sortKey = "JOB#" + Ids.requestId();
        assertTrue(items.create(access, sortKey, Map.of("status", AttributeValue.fromS("pending"))));
        return sortKey;
    }

    @Test
    void aClaim_movesThePendingItem_once_andSetsItsLease() {
        TenantAccess access = newTenant();
        String job = pendingJob(access);

        Optional<Item> claimed = transitions.apply(access, job, CLAIM);
        Optional<Item> again = transitions.apply(access, job, CLAIM);

        assertEquals("working", claimed.orElseThrow().string("status"));
        assertEquals(2, claimed.get().version());
        assertEquals("2026-12-05T10:02:00.000Z", claimed.get().string("workingUntil"));
        assertFalse(transitions.lapsed(claimed.get().string("workingUntil")));
        assertTrue(again.isEmpty(), "a second worker backs off while the claim holds");
        assertEquals(2, items.get(access, job).orElseThrow().version());
    }

    @Test
    void aLapsedClaim_isTakenOver_byTheNextDelivery() {
        TenantAccess access = newTenant();
        String job = pendingJob(access);
        Item first = transitions.apply(access, job, CLAIM).orElseThrow();

        clock.advance(LEASE.plusMillis(1));
        Optional<Item> takenOver = transitions.apply(access, job, CLAIM);

        assertEquals(first.version() + 1, takenOver.orElseThrow().version());
        assertTrue(transitions.lapsed(first.string("workingUntil")));
        Transition staleCompletion = Transition.from("working").to("done").atVersion(first.version());
        assertTrue(transitions.apply(access, job, staleCompletion).isEmpty(), "the first holder lost its claim");
    }

    @Test
    void theHolder_completesTheItem_once_withItsChanges_andReleasesTheLease() {
        TenantAccess access = newTenant();
        String job = pendingJob(access);
        Item claimed = transitions.apply(access, job, CLAIM).orElseThrow();
        Transition complete = Transition.from("working")
                .to("done")
                .atVersion(claimed.version())
                .set("result", AttributeValue.fromS("42"))
                .remove("workingUntil");

        Optional<Item> done = transitions.apply(access, job, complete);
        Optional<Item> redelivered = transitions.apply(access, job, complete);

        assertEquals("done", done.orElseThrow().string("status"));
        assertEquals("42", done.get().string("result"));
        assertNull(done.get().string("workingUntil"));
        assertTrue(redelivered.isEmpty(), "a redelivery changes nothing");
        assertTrue(transitions.apply(access, job, CLAIM).isEmpty(), "a finished item is never claimed again");
        Item stored = items.get(access, job).orElseThrow();
        assertEquals("done", stored.string("status"));
        assertEquals(3, stored.version());
    }

    @Test
    void aTransitionFromSeveralStates_movesEitherOfThem() {
        TenantAccess access = newTenant();
        String job = pendingJob(access);
        Transition fail = Transition.from("pending", "working").to("failed");

        assertEquals(
                "failed", transitions.apply(access, job, fail).orElseThrow().string("status"));
        assertTrue(transitions.apply(access, job, fail).isEmpty());
    }

    @Test
    void anotherTenantsItem_cannotBeClaimed_underThisTenantsAccess_butItsOwnerCan() {
        TenantAccess owner = newTenant();
        TenantAccess other = newTenant();
        String job = pendingJob(owner);

        assertTrue(transitions.apply(other, job, CLAIM).isEmpty(), "the key is derived from the access");
        assertTrue(items.get(other, job).isEmpty(), "nothing was written under the other tenant");
        assertEquals("pending", items.get(owner, job).orElseThrow().string("status"));
        assertEquals(
                "working", transitions.apply(owner, job, CLAIM).orElseThrow().string("status"));
    }

    @Test
    void aMissingItem_isNeverCreated_byATransition() {
        TenantAccess access = newTenant();
        assertTrue(transitions.apply(access, "JOB#missing", CLAIM).isEmpty());
        assertTrue(items.get(access, "JOB#missing").isEmpty());
    }
}
