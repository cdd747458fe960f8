package io.tenantry.shared.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.SystemAccess;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.id.Ids;
import io.tenantry.shared.testing.TestTenants;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The outbox against DynamoDB Local: an entry is written exactly when the change it belongs to is, for every kind of
 * write of the tenant's items; each refusal is paired with the same call succeeding.
 */
@EmulatedAws
class OutboxIT {
    static ApplicationContext context;
    static TestTenants tenants;
    static TenantItems items;
    static Outbox outbox;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        Map<String, Object> properties = new HashMap<>(aws.micronautProperties("CreateProjectFunction"));
        properties.put("tenantry.metering.enabled", "false");
        context = ApplicationContext.run(properties);
        tenants = new TestTenants(context);
        items = context.getBean(TenantItems.class);
        outbox = context.getBean(Outbox.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    static TenantAccess newTenant() {
        return SystemAccess.forWorker(tenants.create().tenantId());
    }

    static OutboxMessage message(String body) {
        return OutboxMessage.of(OutboxMessage.WEBHOOK_EVENTS, "ten_x", body, 0, Instant.now());
    }

    /** The bodies of the tenant's outbox items. */
    static Set<String> outboxBodies(TenantAccess access) {
        return items.query(access, OutboxMessage.PREFIX, 100, null, true).items().stream()
                .map(i -> i.string("body"))
                .collect(Collectors.toSet());
    }

    static Map<String, AttributeValue> attributes(String value) {
        return Map.of("value", AttributeValue.fromS(value));
    }

    @Test
    void aCreation_writesItsEntry_andATakenKey_writesNeither() {
        TenantAccess access = newTenant();
        String key = "THING#" + Ids.requestId();
        assertTrue(items.create(access, key, attributes("first")));

        try (Outbox.Frame frame = outbox.open(access, List.of(message("refused")))) {
            assertFalse(items.create(access, key, attributes("second")), "the key is taken");
            assertFalse(frame.written());
        }
        assertEquals(Set.of(), outboxBodies(access), "no change, no entry");

        String other = "THING#" + Ids.requestId();
        try (Outbox.Frame frame = outbox.open(access, List.of(message("created")))) {
            assertTrue(items.create(access, other, attributes("third")));
            assertTrue(frame.written());
        }
        assertEquals(Set.of("created"), outboxBodies(access));
        assertEquals("third", items.get(access, other).orElseThrow().string("value"));
    }

    @Test
    void anEntry_waitsForTheFirstWriteThatSucceeds_andGoesWithItOnce() {
        TenantAccess access = newTenant();
        String taken = "THING#" + Ids.requestId();
        assertTrue(items.create(access, taken, attributes("x")));
        String fresh = "THING#" + Ids.requestId();
        String later = "THING#" + Ids.requestId();

        outbox.with(access, List.of(message("once")), () -> {
            assertFalse(items.create(access, taken, attributes("y")));
            assertTrue(items.create(access, fresh, attributes("y")));
            assertTrue(items.create(access, later, attributes("z")));
            return null;
        });

        assertEquals(Set.of("once"), outboxBodies(access));
    }

    @Test
    void anUpdate_answersTheNewItem_andWritesItsEntry_whileAStaleOne_writesNeither() {
        TenantAccess access = newTenant();
        String key = "THING#" + Ids.requestId();
        assertTrue(items.create(
                access, key, Map.of("value", AttributeValue.fromS("a"), "gone", AttributeValue.fromS("g"))));

        assertThrows(
                StaleVersionException.class,
                () -> outbox.with(
                        access, List.of(message("stale")), () -> items.update(access, key, 7, attributes("b"))));
        assertEquals(Set.of(), outboxBodies(access));

        Item updated = outbox.with(
                access,
                List.of(message("updated")),
                () -> items.update(access, key, 1, attributes("b"), Set.of("gone")));

        assertEquals(2, updated.version());
        assertEquals("b", updated.string("value"));
        assertEquals(items.get(access, key).orElseThrow().attributes(), updated.attributes(), "exactly as stored");
        assertEquals(Set.of("updated"), outboxBodies(access));
    }

    @Test
    void aDeletion_writesItsEntry_whileAStaleOne_writesNeither() {
        TenantAccess access = newTenant();
        String key = "THING#" + Ids.requestId();
        assertTrue(items.create(access, key, attributes("a")));

        assertThrows(
                StaleVersionException.class,
                () -> outbox.with(access, List.of(message("stale")), () -> {
                    items.delete(access, key, 3);
                    return null;
                }));
        assertTrue(items.get(access, key).isPresent());
        assertEquals(Set.of(), outboxBodies(access));

        outbox.with(access, List.of(message("deleted")), () -> {
            items.delete(access, key, 1);
            return null;
        });
        assertTrue(items.get(access, key).isEmpty());
        assertEquals(Set.of("deleted"), outboxBodies(access));
    }

    @Test
    void aTransaction_carriesTheEntriesAfterItsOwnWrites_andACancelledOne_none() {
        TenantAccess access = newTenant();
        String taken = "THING#" + Ids.requestId();
        assertTrue(items.create(access, taken, attributes("x")));
        String a = "THING#" + Ids.requestId();

        TransactionCanceledException cancelled = assertThrows(
                TransactionCanceledException.class,
                () -> outbox.with(access, List.of(message("cancelled")), () -> {
                    items.transact(
                            access,
                            List.of(
                                    items.createInTransaction(access, a, attributes("a")),
                                    items.createInTransaction(access, taken, attributes("b"))));
                    return null;
                }));
        assertTrue(TenantItems.failed(cancelled, 1), "the caller's own write keeps its index");
        assertTrue(items.get(access, a).isEmpty());
        assertEquals(Set.of(), outboxBodies(access));

        outbox.with(access, List.of(message("one"), message("two")), () -> {
            items.transact(access, List.of(items.createInTransaction(access, a, attributes("a"))));
            return null;
        });
        assertTrue(items.get(access, a).isPresent());
        assertEquals(Set.of("one", "two"), outboxBodies(access));
    }

    @Test
    void anotherTenantsPendingEntry_isNeverWrittenIntoThisPartition() {
        TenantAccess mine = newTenant();
        TenantAccess theirs = newTenant();
        String key = "THING#" + Ids.requestId();

        assertThrows(
                IllegalStateException.class,
                () -> outbox.with(theirs, List.of(message("theirs")), () -> items.create(mine, key, attributes("a"))));
        assertTrue(items.get(mine, key).isEmpty(), "the write was refused whole");

        outbox.with(theirs, List.of(message("theirs")), () -> items.create(theirs, key, attributes("a")));
        assertEquals(Set.of(), outboxBodies(mine));
        assertEquals(Set.of("theirs"), outboxBodies(theirs));
    }

    @Test
    void anOutboxItem_carriesItsMessage_andExpiresADayLater() {
        TenantAccess access = newTenant();
        Instant at = Instant.parse("2026-12-06T10:00:00Z");
        OutboxMessage sent = new OutboxMessage(Ids.outboxId(), OutboxMessage.INVOICES, "ten_g", "{\"a\":1}", 30, at);
        outbox.with(access, List.of(sent), () -> items.create(access, "THING#" + Ids.requestId(), attributes("a")));

        Item stored = items.query(access, OutboxMessage.PREFIX, 10, null, true)
                .items()
                .getFirst();
        Map<String, String> strings = new HashMap<>();
        stored.attributes().forEach((k, v) -> strings.put(k, v.s() != null ? v.s() : v.n()));
        assertEquals(sent, OutboxMessage.fromItem(strings));
        assertEquals(Long.toString(at.getEpochSecond() + 86_400), strings.get("expiresAt"));
    }
}
