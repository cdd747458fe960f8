package io.tenantry.tenants.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.plan.Plan;
import io.tenantry.tenants.model.Tenant;
import java.util.Optional;

/** Storage of tenant records, each in its own tenant's partition. */
public interface TenantRepository {

    /** Creates the tenant and makes {@code owner} its owner, in one transaction. */
    /**
     * Writes a new tenant, its owner's membership and the advance of the owner's sign-up counter from
     * {@code signUpSeq}, in one transaction; a {@code StaleVersionException} when the counter moved.
     */
    Tenant create(TenantAccess access, String name, Plan plan, String ownerEmail, long signUpSeq);

    Optional<Tenant> find(TenantAccess access);

    /** Writes the changes if the record is still at {@code expectedVersion}; else {@code StaleVersionException}. */
    Tenant update(TenantAccess access, long expectedVersion, Optional<String> name, Optional<Plan> plan);

    /**
     * Marks the tenant {@code deleting} if it is still at {@code expectedVersion} and active, and
     * closes its rate bucket in the same transaction, so that its tokens answer 404 everywhere;
     * {@code StaleVersionException} otherwise.
     */
    Tenant markDeleting(TenantAccess access, long expectedVersion, String now);
}
