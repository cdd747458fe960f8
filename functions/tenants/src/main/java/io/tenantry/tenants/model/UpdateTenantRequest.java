package io.tenantry.tenants.model;

import io.tenantry.shared.json.JsonBody;
import io.tenantry.shared.plan.Plan;
import java.util.Optional;

/** The body of {@code PATCH /v1/tenant}: the fields to change; absent fields stay as they are. */
public record UpdateTenantRequest(Optional<String> name, Optional<Plan> plan) {

    public static UpdateTenantRequest parse(JsonBody body) {
        Optional<String> name = body.optionalString("name", 1, CreateTenantRequest.MAX_NAME);
        Optional<Plan> plan = body.optionalChoice("plan", Plan::fromWireName, Plan.WIRE_NAMES);
        body.validate();
        return new UpdateTenantRequest(name, plan);
    }
}
