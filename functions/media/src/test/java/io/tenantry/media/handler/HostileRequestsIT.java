package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;

/** Generated requests (the media fields among the names) at every media route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.media");
    }

    /** An item of the tenant, created through the API. */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        ApiResult created = ApiResult.call(
                new CreateMediaHandler(context()),
                tenant.as("member", "POST", "/v1/media")
                        .json("{\"fileName\": \"target.png\", \"contentType\": \"image/png\", \"sizeBytes\": 100}"));
        assertEquals(201, created.status(), created::toString);
        return Map.of("mediaId", created.json().path("id").asText());
    }
}
