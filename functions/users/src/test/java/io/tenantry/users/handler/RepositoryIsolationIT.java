package io.tenantry.users.handler;

import static io.tenantry.shared.testing.ScopedCalls.assertAccessDenied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.testing.ScopedCalls;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import io.tenantry.users.model.Member;
import io.tenantry.users.repository.MemberRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The members repository under tenant-scoped credentials: inside one tenant's scope, a call that forms
 * another tenant's key is refused by the enforced tenant role, and an invitation refused so leaves no
 * link behind; the same calls on the scope's own tenant succeed.
 */
@EmulatedAws
class RepositoryIsolationIT {
    static UsersFixture fixture;
    static MemberRepository members;
    static UserDirectory directory;
    static ScopedCalls calls;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        ScopedCalls.assumeEnforced(aws);
        fixture = new UsersFixture(aws);
        members = fixture.context.getBean(MemberRepository.class);
        directory = fixture.context.getBean(UserDirectory.class);
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
        Instant expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String invitee = directory.userIdForInvitation("isolation-" + System.nanoTime() + "@example.com");

        assertAccessDenied(() -> calls.writing(
                t, () -> members.invite(other, invitee, "x@example.com", Role.ADMIN, expires, Instant.now(), 100)));
        assertEquals(Optional.empty(), members.find(other, invitee), "no member was written");
        assertTrue(directory.memberships(invitee).isEmpty(), "the link written first was taken back");
        assertTrue(calls.writing(
                t, () -> members.invite(own, invitee, "x@example.com", Role.VIEWER, expires, Instant.now(), 100)));

        String theirViewer = theirs.userId(Role.VIEWER);
        Member theirMember = members.find(other, theirViewer).orElseThrow();
        assertTrue(calls.reading(t, () -> members.find(own, invitee)).isPresent());
        assertAccessDenied(() -> calls.reading(t, () -> members.find(other, theirViewer)));
        assertTrue(calls.reading(t, () -> members.list(own, Optional.empty(), 10))
                        .size()
                > 1);
        assertAccessDenied(() -> calls.reading(t, () -> members.list(other, Optional.empty(), 10)));
        assertAccessDenied(() -> calls.writing(t, () -> members.changeRole(other, theirMember, Role.OWNER)));
        assertAccessDenied(() -> calls.writing(t, () -> {
            members.remove(other, theirMember);
            return null;
        }));
        assertEquals("viewer", members.find(other, theirViewer).orElseThrow().role(), "their member is untouched");
    }
}
