package io.tenantry.tenants.model;

import io.tenantry.shared.json.JsonBody;
import io.tenantry.shared.plan.Plan;

/** The body of {@code POST /v1/tenants}: a name of 1 to 200 characters and a plan (default free). */
public record CreateTenantRequest(String name, Plan plan) {
    public static final int MAX_NAME = 200;

    public static CreateTenantRequest parse(JsonBody body) {
        String name = body.requiredString("name", 1, MAX_NAME);
        Plan plan =
                body.optionalChoice("plan", Plan::fromWireName, Plan.WIRE_NAMES).orElse(Plan.FREE);
        body.validate();
        return new CreateTenantRequest(name, plan);
    }
}
