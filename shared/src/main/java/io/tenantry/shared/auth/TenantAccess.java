package io.tenantry.shared.auth;

/**
 * The tenant a request acts on, the member acting (its user id) and the role the stored membership
 * gives it. Repositories derive every key from it, so no request can form a key outside its own
 * tenant's partition. It can only be made in this package: by {@link Authorization} from a stored
 * membership, for a tenant the caller creates, or for a worker.
 */
public final class TenantAccess {
    private final String tenantId;
    private final Role role;
    private final String userId;
    private final Caller caller;

    TenantAccess(String tenantId, Role role, String userId, Caller caller) {
        this.tenantId = tenantId;
        this.role = role;
        this.userId = userId;
        this.caller = caller;
    }

    public String tenantId() {
        return tenantId;
    }

    public Role role() {
        return role;
    }

    /** The acting member's user id ({@code usr_…}), or {@link SystemAccess#WORKER_SUBJECT} for a worker. */
    public String userId() {
        return userId;
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
