package io.tenantry.tenants.repository;

import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.UserDirectory;
import io.tenantry.shared.plan.Plan;
import io.tenantry.tenants.model.Tenant;
import java.util.Optional;

/** Storage of tenant records, each in its own tenant's partition. */
public interface TenantRepository {

    /** Creates the tenant and makes {@code owner} its owner, in one transaction. */
    Tenant create(TenantAccess access, String name, Plan plan, UserDirectory.User owner);

    Optional<Tenant> find(TenantAccess access);

    /** Writes the changes if the record is still at {@code expectedVersion}; else {@code StaleVersionException}. */
    Tenant update(TenantAccess access, long expectedVersion, Optional<String> name, Optional<Plan> plan);
}
