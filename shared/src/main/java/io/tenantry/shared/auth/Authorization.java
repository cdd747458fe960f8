package io.tenantry.shared.auth;

import io.tenantry.shared.problem.ForbiddenException;

/** Turns a caller into access to the tenant its token names, or refuses with 403. */
public final class Authorization {
    private Authorization() {}

    /**
     * The caller's access to its token's tenant with at least {@code minimum} role; 403 when the
     * token names no tenant or the role is too weak.
     */
    public static TenantAccess require(Caller caller, Role minimum) {
        if (caller.tenantId().isEmpty() || caller.role().isEmpty()) {
            throw new ForbiddenException("This route needs a token issued for a tenant membership.");
        }
        Role role = caller.role().get();
        if (!role.allows(minimum)) {
            throw new ForbiddenException("This call needs the role '" + minimum.wireName() + "' or stronger.");
        }
        return new TenantAccess(caller.tenantId().get(), role, caller);
    }
}
