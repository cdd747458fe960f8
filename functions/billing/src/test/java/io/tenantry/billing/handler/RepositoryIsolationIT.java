package io.tenantry.billing.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.billing.repository.InvoiceRepository;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The invoices repository under tenant-scoped credentials: inside one tenant's scope, reading another
 * tenant's record, invoices or period claims, or moving its invoice on, is refused by the enforced
 * tenant role; the same calls on the scope's own tenant succeed.
 */
@EmulatedAws
class RepositoryIsolationIT {
    static BillingFixture fixture;
    static InvoiceRepository invoices;
    static ScopedCalls calls;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        fixture = new BillingFixture(aws);
        invoices = fixture.context.getBean(InvoiceRepository.class);
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
        SeededTenant mine = fixture.newTenant();
        SeededTenant theirs = fixture.newTenant();
        TenantAccess own = fixture.tenants.ownerAccess(mine);
        TenantAccess other = fixture.tenants.ownerAccess(theirs);
        String t = mine.tenantId();
        YearMonth period = YearMonth.of(2026, 11);

        assertTrue(calls.reading(t, () -> invoices.tenant(own)).isPresent());
        assertAccessDenied(() -> calls.reading(t, () -> invoices.tenant(other)));
        assertEquals(
                0,
                calls.reading(t, () -> invoices.listNewestFirst(own, Optional.empty(), 10))
                        .size());
        assertAccessDenied(() -> calls.reading(t, () -> invoices.listNewestFirst(other, Optional.empty(), 10)));
        assertEquals(Optional.empty(), calls.reading(t, () -> invoices.findByPeriod(own, period)));
        assertAccessDenied(() -> calls.reading(t, () -> invoices.findByPeriod(other, period)));
        assertAccessDenied(() -> calls.reading(t, () -> invoices.find(other, "inv_01JD3Q5R7C0000000000000001")));
        assertAccessDenied(() -> calls.writing(
                t,
                () -> invoices.markFailed(other, "inv_01JD3Q5R7C0000000000000001", "probe", "2026-12-05T10:00:00Z")));
        assertEquals(
                Optional.empty(),
                calls.writing(
                        t,
                        () -> invoices.markFailed(
                                own, "inv_01JD3Q5R7C0000000000000001", "probe", "2026-12-05T10:00:00Z")),
                "on its own tenant the call runs (and finds no such invoice)");
    }
}
