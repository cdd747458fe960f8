package io.tenantry.webhooks.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import io.tenantry.webhooks.model.Delivery;
import io.tenantry.webhooks.model.StoredWebhook;
import io.tenantry.webhooks.model.Webhook;
import io.tenantry.webhooks.repository.WebhookRepository;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhooks repository under tenant-scoped credentials: inside one tenant's scope, every call that forms another
 * tenant's key (its endpoints, their secrets, their deliveries) is refused by the enforced tenant role (AccessDenied,
 * nothing written), and the same call on the scope's own tenant succeeds.
 */
@EmulatedAws
class RepositoryIsolationIT {
    private static final String NOW = "2026-12-05T10:00:00Z";

    static ApplicationContext context;
    static TestTenants tenants;
    static WebhookRepository webhooks;
    static ScopedCalls calls;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        context = ApplicationContext.run(aws.micronautProperties("CreateWebhookFunction"));
        tenants = new TestTenants(context);
        webhooks = context.getBean(WebhookRepository.class);
        calls = new ScopedCalls(context);
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    static StoredWebhook webhook(String id) {
        return new StoredWebhook(
                new Webhook(id, "https://93.184.216.34/hooks", List.of("project.created"), null, NOW, NOW, 1),
                "v1:sealed-secret",
                null,
                null);
    }

    static Delivery delivery(String id) {
        return new Delivery(
                id, "evt_01JD3Q5R7C0000000000000001", "project.created", Delivery.PENDING, 0, null, NOW, NOW);
    }

    @Test
    void everyCall_withAnotherTenantsAccess_isRefused_theScopesOwnSucceeds() {
        SeededTenant mine = tenants.create();
        SeededTenant theirs = tenants.create();
        TenantAccess own = tenants.ownerAccess(mine);
        TenantAccess other = tenants.ownerAccess(theirs);
        String t = mine.tenantId();
        String theirHook = "whk_01JD3Q5R7C0000000000000009";
        assertTrue(webhooks.create(other, webhook(theirHook), 10), "their endpoint, seeded outside any scope");
        assertTrue(webhooks.createDelivery(other, theirHook, delivery("dlv_01JD3Q5R7C0000000000000009")));

        String myHook = "whk_01JD3Q5R7C0000000000000001";
        assertTrue(calls.writing(t, () -> webhooks.create(own, webhook(myHook), 10)));
        assertAccessDenied(
                () -> calls.writing(t, () -> webhooks.create(other, webhook("whk_01JD3Q5R7C0000000000000002"), 10)));
        assertEquals(Optional.empty(), webhooks.find(other, "whk_01JD3Q5R7C0000000000000002"), "nothing written");

        assertTrue(calls.reading(t, () -> webhooks.find(own, myHook)).isPresent());
        assertAccessDenied(() -> calls.reading(t, () -> webhooks.find(other, theirHook)));
        assertEquals(1, calls.reading(t, () -> webhooks.all(own)).size());
        assertAccessDenied(() -> calls.reading(t, () -> webhooks.all(other)));
        assertEquals(
                1,
                calls.reading(t, () -> webhooks.listNewestFirst(own, Optional.empty(), 10))
                        .size());
        assertAccessDenied(() -> calls.reading(t, () -> webhooks.listNewestFirst(other, Optional.empty(), 10)));

        assertTrue(calls.writing(
                t, () -> webhooks.createDelivery(own, myHook, delivery("dlv_01JD3Q5R7C0000000000000001"))));
        assertAccessDenied(() -> calls.writing(
                t, () -> webhooks.createDelivery(other, theirHook, delivery("dlv_01JD3Q5R7C0000000000000002"))));
        assertEquals(
                1,
                calls.reading(t, () -> webhooks.listDeliveries(own, myHook, Optional.empty(), 10))
                        .size());
        assertAccessDenied(
                () -> calls.reading(t, () -> webhooks.listDeliveries(other, theirHook, Optional.empty(), 10)));
        assertAccessDenied(() ->
                calls.reading(t, () -> webhooks.findDelivery(other, theirHook, "dlv_01JD3Q5R7C0000000000000009")));

        assertAccessDenied(() -> calls.writing(
                t, () -> webhooks.rotate(other, theirHook, 1, "v1:stolen", "v1:sealed-secret", NOW, NOW)));
        assertAccessDenied(() -> calls.writing(t, () -> {
            webhooks.delete(other, theirHook, 1);
            return null;
        }));
        StoredWebhook untouched = webhooks.find(other, theirHook).orElseThrow();
        assertEquals("v1:sealed-secret", untouched.encryptedSecret(), "their secret is untouched");
        assertEquals(1, untouched.version(), "their endpoint is untouched");
        assertEquals(
                1,
                webhooks.listDeliveries(other, theirHook, Optional.empty(), 10).size());

        calls.writing(t, () -> {
            webhooks.delete(own, myHook, 1);
            return null;
        });
        assertEquals(Optional.empty(), webhooks.find(own, myHook), "the scope's own delete went through");
    }
}
