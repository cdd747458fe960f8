package io.tenantry.shared.auth;

/**
 * The tenant a request acts on and the caller's role there, taken from verified claims. Repositories
 * derive every key from it, so no request can form a key outside its own tenant's partition. It can
 * only be made in this package: from a {@link Caller}'s claims, or for a tenant the caller creates.
 */
public final class TenantAccess {
    private final String tenantId;
    private final Role role;
    private final Caller caller;

    TenantAccess(String tenantId, Role role, Caller caller) {
        this.tenantId = tenantId;
        this.role = role;
        this.caller = caller;
    }

    public String tenantId() {
        return tenantId;
    }

    public Role role() {
        return role;
    }

    public Caller caller() {
        return caller;
    }

    /** True when the caller's role is at least {@code required}. */
    public boolean allows(Role required) {
        return role.allows(required);
    }

    @Override
    public String toString() {
        return "TenantAccess[" + tenantId + ", " + role.wireName() + "]";
    }
}
