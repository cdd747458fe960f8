package io.tenantry.tenants.model;

import io.tenantry.shared.json.JsonBody;
import java.util.Optional;

/**
 * The body of {@code POST /v1/tenants}: a name of 1 to 200 characters. A {@code plan} may be sent
 * only as the deployment's sign-up plan (the service answers 403 for any other): plans are the
 * operator's to set.
 */
public record CreateTenantRequest(String name, Optional<String> plan) {
    public static final int MAX_NAME = 200;

    public static CreateTenantRequest parse(JsonBody body) {
        String name = body.requiredString("name", 1, MAX_NAME);
        Optional<String> plan = body.optionalString("plan", 1, 50);
        body.validate();
        return new CreateTenantRequest(name, plan);
    }
}
