package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;

/** Generated requests at every projects route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.projects");
    }

    /** A project of the tenant, created through the API. */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        ApiResult created = ApiResult.call(
                new CreateProjectHandler(context()),
                tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"Target\"}"));
        assertEquals(201, created.status(), created::toString);
        return Map.of("projectId", created.json().path("id").asText());
    }
}
