package io.tenantry.shared.auth;

import java.util.Optional;

/**
 * Tenant access for system workers (queue consumers) that act on a tenant named by a trusted
 * message, such as the key of an object in the tenant's own S3 prefix. <b>Worker-only:</b> an HTTP
 * handler takes its tenant from the verified token with {@code ApiRequest.tenant(role)} and must
 * never call this; nothing on the request path does.
 *
 * <p>The access has the {@link Role#ADMIN} role: a worker does what the tenant's staff may do inside
 * that one tenant, never what only an owner may (delete the tenant, change its plan).
 */
public final class SystemAccess {
    /** The subject that worker accesses carry, for logs and audit attributes. */
    public static final String WORKER_SUBJECT = "system:worker";

    /** The issuer that worker accesses carry: no token issuer ever uses it. */
    public static final String WORKER_ISSUER = "tenantry:system";

    private SystemAccess() {}

    /**
     * Access to the tenant {@code tenantId}, for a worker. The id must have the form of a tenant id
     * ({@code ten_} and a ULID); anything else is refused, so no message can reach a key outside the
     * tenant partitions.
     *
     * @throws IllegalArgumentException when {@code tenantId} is not a tenant id
     */
    public static TenantAccess forWorker(String tenantId) {
        if (!TenantIds.isWellFormed(tenantId)) {
            throw new IllegalArgumentException("Not a tenant id: " + tenantId);
        }
        Caller worker = new Caller(
                WORKER_ISSUER, WORKER_SUBJECT, Optional.empty(), false, Optional.of(tenantId), Optional.of(Role.ADMIN));
        return new TenantAccess(tenantId, Role.ADMIN, WORKER_SUBJECT, worker);
    }
}
