package io.tenantry.identity.handler;

import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;

/** Generated requests at every identity route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.identity");
    }

    /** The identity routes name no resource in their paths. */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        return Map.of();
    }
}
