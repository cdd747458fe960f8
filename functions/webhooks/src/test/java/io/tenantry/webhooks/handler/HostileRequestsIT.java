package io.tenantry.webhooks.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.shared.testing.HostileRequestsSuite;
import io.tenantry.shared.testing.TestTenants.SeededTenant;
import java.util.Map;

/** Generated requests at every webhooks route: never a 5xx, problem+json on refusal. */
@EmulatedAws
class HostileRequestsIT extends HostileRequestsSuite {
    HostileRequestsIT() {
        super("io.tenantry.webhooks");
    }

    /** An endpoint of the tenant, registered through the API (a public literal address: no DNS needed). */
    @Override
    protected Map<String, String> pathParameters(SeededTenant tenant) {
        ApiResult created = ApiResult.call(
                new CreateWebhookHandler(context()),
                tenant.as("admin", "POST", "/v1/webhooks")
                        .json("{\"url\": \"https://93.184.216.34/hooks\", \"events\": [\"project.created\"]}"));
        assertEquals(201, created.status(), created::toString);
        return Map.of("webhookId", created.json().path("id").asText());
    }
}
