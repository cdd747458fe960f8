package io.tenantry.tenants.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.repository.TenantRepository;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tenants repository under tenant-scoped credentials: inside one tenant's scope, reading, renaming
 * or closing another tenant is refused by the enforced tenant role; the same calls on the scope's own
 * tenant succeed.
 */
@EmulatedAws
class RepositoryIsolationIT {
    static TenantsFixture fixture;
    static TenantRepository repository;
    static ScopedCalls calls;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        fixture = new TenantsFixture(aws, Map.of());
        repository = fixture.context.getBean(TenantRepository.class);
        calls = new ScopedCalls(fixture.context);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyCall_withAnotherTenantsAccess_isRefused_theScopesOwnSucceeds() {
        SeededTenant mine = fixture.tenants.create();
        SeededTenant theirs = fixture.tenants.create();
        TenantAccess own = fixture.tenants.ownerAccess(mine);
        TenantAccess other = fixture.tenants.ownerAccess(theirs);
        String t = mine.tenantId();
        long theirVersion = repository.find(other).orElseThrow().version();

        assertTrue(calls.reading(t, () -> repository.find(own)).isPresent());
        assertAccessDenied(() -> calls.reading(t, () -> repository.find(other)));
        assertAccessDenied(() -> calls.writing(
                t, () -> repository.update(other, theirVersion, Optional.of("Mine now"), Optional.empty())));
        assertAccessDenied(
                () -> calls.writing(t, () -> repository.markDeleting(other, theirVersion, "2026-12-05T10:00:00Z")));
        Tenant theirsNow = repository.find(other).orElseThrow();
        assertEquals(theirVersion, theirsNow.version(), "their tenant is untouched");
        assertEquals("active", theirsNow.status());

        long myVersion = repository.find(own).orElseThrow().version();
        assertEquals(
                "Renamed",
                calls.writing(t, () -> repository.update(own, myVersion, Optional.of("Renamed"), Optional.empty()))
                        .name());
    }
}
