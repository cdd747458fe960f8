package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;
import java.util.UUID;

/** Generated requests at every users route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.users");
    }

    @Override
    protected int samplesPerRoute() {
        return 60;
    }

    /** A member invited through the API, as the tenant's owner (an invitation, so resending it is allowed). */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        ApiResult added = ApiResult.call(
                new CreateUserHandler(context()),
                tenant.as("owner", "POST", "/v1/users")
                        .json("{\"email\": \"m-" + UUID.randomUUID() + "@example.test\", \"role\": \"viewer\"}"));
        assertEquals(201, added.status(), added::toString);
        return Map.of("userId", added.json().path("userId").asText());
    }
}
