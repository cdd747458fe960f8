package io.tenantry.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.UnauthorizedException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void allows_everyWeakerRole_andNoStrongerOne() {
        assertTrue(Role.OWNER.allows(Role.VIEWER));
        assertTrue(Role.ADMIN.allows(Role.ADMIN));
        assertFalse(Role.MEMBER.allows(Role.ADMIN));
        assertFalse(Role.VIEWER.allows(Role.MEMBER));
    }

    @Test
    void require_answers403_withoutTenant_orWithTooWeakARole() {
        Caller noTenant = Claims.toCaller(Map.of("sub", "u", "email", "a@b.co"));
        Caller viewer = Claims.toCaller(Map.of("sub", "u", "email", "a@b.co", "tenant_id", "ten_1", "role", "viewer"));
        Caller bogusRole = Claims.toCaller(Map.of("sub", "u", "email", "a@b.co", "tenant_id", "ten_1", "role", "root"));

        assertThrows(ForbiddenException.class, () -> Authorization.require(noTenant, Role.VIEWER));
        assertThrows(ForbiddenException.class, () -> Authorization.require(viewer, Role.MEMBER));
        assertThrows(ForbiddenException.class, () -> Authorization.require(bogusRole, Role.VIEWER));
        assertEquals("ten_1", Authorization.require(viewer, Role.VIEWER).tenantId());
    }

    @Test
    void toCaller_normalizesTheEmail_andNeedsSubjectAndEmail() {
        Caller caller = Claims.toCaller(Map.of("sub", "u", "email", " Ada@Example.COM "));
        assertEquals("ada@example.com", caller.email());
        assertEquals(Optional.empty(), caller.tenantId());
        assertThrows(UnauthorizedException.class, () -> Claims.toCaller(Map.of("sub", "u")));
        assertThrows(UnauthorizedException.class, () -> Claims.toCaller(Map.of("email", "a@b.co")));
    }
}
