package io.tenantry.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.shared.testing.MovableClock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The thread's scope decides the credentials of each call: the tenant's inside, the function's own outside. */
class TenantScopeTest {
    final MovableClock clock = new MovableClock();
    final TenantCredentialsTest.RecordingSts sts = new TenantCredentialsTest.RecordingSts(clock);
    final TenantScope scope = new TenantScope();
    final ScopedCredentialsProvider provider = new ScopedCredentialsProvider(
            scope,
            new TenantCredentials(
                    TenantCredentialsTest.ROLE,
                    TenantCredentialsTest.READ_ROLE,
                    "",
                    sts,
                    StaticCredentialsProvider.create(TenantCredentialsTest.OWN),
                    clock),
            StaticCredentialsProvider.create(TenantCredentialsTest.OWN));

    @Test
    void insideATenantsScope_callsCarryItsCredentials_outsideTheFunctionsOwn() {
        String inside = scope.call(
                TenantCredentialsTest.TENANT,
                TenantScope.Access.READ_WRITE,
                () -> provider.resolveCredentials().accessKeyId());
        String outside = provider.resolveCredentials().accessKeyId();

        assertTrue(inside.startsWith("ASIA"), inside);
        assertEquals(TenantCredentialsTest.OWN.accessKeyId(), outside);
        assertEquals(Optional.empty(), scope.current());
    }

    @Test
    void anotherTenantsScope_cannotBeEnteredFromInsideOne_theSameTenantsCan() {
        assertThrows(
                IllegalStateException.class,
                () -> scope.call(
                        TenantCredentialsTest.TENANT,
                        TenantScope.Access.READ_WRITE,
                        () -> scope.call(TenantCredentialsTest.OTHER, TenantScope.Access.READ_WRITE, () -> "mixed")));
        TenantScope.Current nested = scope.call(
                TenantCredentialsTest.TENANT,
                TenantScope.Access.READ_ONLY,
                () -> scope.call(
                        TenantCredentialsTest.TENANT,
                        TenantScope.Access.READ_WRITE,
                        () -> scope.current().orElseThrow()));
        assertEquals(
                new TenantScope.Current(TenantCredentialsTest.TENANT, TenantScope.Access.READ_ONLY),
                nested,
                "the outer scope's access stays");
        assertEquals(Optional.empty(), scope.current());
    }
}
