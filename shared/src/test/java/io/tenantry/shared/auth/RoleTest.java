package io.tenantry.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.shared.problem.ForbiddenException;
import io.tenantry.shared.problem.UnauthorizedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {
    static final String ISSUER = "https://issuer.example";
    static final String TENANT = "ten_01JD3Q5R7C0000000000000001";

    static Map<String, String> claims(String... pairs) {
        Map<String, String> claims = new HashMap<>(Map.of("iss", ISSUER, "sub", "u"));
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put(pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    @Test
    void allows_everyWeakerRole_andNoStrongerOne() {
        assertTrue(Role.OWNER.allows(Role.VIEWER));
        assertTrue(Role.ADMIN.allows(Role.ADMIN));
        assertFalse(Role.MEMBER.allows(Role.ADMIN));
        assertFalse(Role.VIEWER.allows(Role.MEMBER));
    }

    @Test
    void admit_takesTheStoredRole_notTheTokensClaim() {
        Caller claimsOwner = Claims.toCaller(claims("tenant_id", TENANT, "role", "owner"));

        assertThrows(
                ForbiddenException.class, () -> Authorization.admit(claimsOwner, "usr_1", Role.VIEWER, Role.MEMBER));
        TenantAccess access = Authorization.admit(claimsOwner, "usr_1", Role.MEMBER, Role.MEMBER);
        assertEquals(Role.MEMBER, access.role());
        assertEquals(TENANT, access.tenantId());
        assertEquals("usr_1", access.userId());
    }

    @Test
    void admit_answers403_withoutTenant_orWithoutAStoredMembership_andAdmitsTheMember() {
        Caller noTenant = Claims.toCaller(claims());
        Caller withTenant = Claims.toCaller(claims("tenant_id", TENANT, "role", "admin"));

        assertThrows(ForbiddenException.class, () -> Authorization.admit(noTenant, "usr_1", Role.OWNER, Role.VIEWER));
        assertThrows(ForbiddenException.class, () -> Authorization.admit(withTenant, "usr_1", null, Role.VIEWER));
        assertEquals(
                Role.ADMIN,
                Authorization.admit(withTenant, "usr_1", Role.ADMIN, Role.VIEWER)
                        .role());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ten_X#USAGE#0",
                "ten_01JD3Q5R7C0000000000000001#RATE",
                "TENANT#x",
                "ten_short",
                "usr_01JD3Q5R7C0000000000000001"
            })
    void toCaller_answers401_forATenantIdThatIsNotATenantId(String tenantId) {
        assertThrows(UnauthorizedException.class, () -> Claims.toCaller(claims("tenant_id", tenantId)));
        assertEquals(
                Optional.of(TENANT),
                Claims.toCaller(claims("tenant_id", TENANT)).tenantId());
    }

    @Test
    void toCaller_normalizesTheEmail_andNeedsIssuerAndSubject() {
        Caller caller = Claims.toCaller(claims("email", " Ada@Example.COM "));
        assertEquals(Optional.of("ada@example.com"), caller.email());
        assertEquals(Optional.empty(), caller.tenantId());
        assertThrows(UnauthorizedException.class, () -> Claims.toCaller(Map.of("iss", ISSUER)));
        assertThrows(UnauthorizedException.class, () -> Claims.toCaller(Map.of("sub", "u")));
    }

    @Test
    void verifiedEmail_isTheEmailOnlyWhenTheTokenSaysItIsVerified() {
        assertEquals(
                Optional.empty(), Claims.toCaller(claims("email", "a@b.co")).verifiedEmail());
        assertEquals(
                Optional.empty(),
                Claims.toCaller(claims("email", "a@b.co", "email_verified", "false"))
                        .verifiedEmail());
        assertEquals(
                Optional.of("a@b.co"),
                Claims.toCaller(claims("email", "a@b.co", "email_verified", "true"))
                        .verifiedEmail());
    }
}
