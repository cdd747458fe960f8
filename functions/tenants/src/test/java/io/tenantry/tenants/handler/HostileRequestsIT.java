package io.tenantry.tenants.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;

/** Generated requests at every tenants route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.tenants");
    }

    /** The tenant routes name the caller's own tenant, never an id in the path. */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        return Map.of();
    }
}
