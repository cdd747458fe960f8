package io.tenantry.shared.auth;

import io.tenantry.shared.problem.ForbiddenException;

/** Turns a caller and its stored membership into access to the tenant, or refuses with 403. */
public final class Authorization {
    private Authorization() {}

    /**
     * The caller's access to its token's tenant, with the role its stored membership gives it (the
     * token's {@code role} claim plays no part); 403 when the token names no tenant, when there is no
     * active membership, or when the role is weaker than {@code minimum}.
     *
     * @param storedRole the role of the caller's active membership in the token's tenant, or null
     */
    public static TenantAccess admit(Caller caller, String userId, Role storedRole, Role minimum) {
        if (caller.tenantId().isEmpty()) {
            throw new ForbiddenException("This route needs a token issued for a tenant membership.");
        }
        if (storedRole == null) {
            throw new ForbiddenException("The caller is not a member of this tenant.");
        }
        if (!storedRole.allows(minimum)) {
            throw new ForbiddenException("This call needs the role '" + minimum.wireName() + "' or stronger.");
        }
        return new TenantAccess(caller.tenantId().get(), storedRole, userId, caller);
    }
}
