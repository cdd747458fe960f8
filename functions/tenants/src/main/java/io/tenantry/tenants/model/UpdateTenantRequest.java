package io.tenantry.tenants.model;

import io.tenantry.shared.json.JsonBody;
import io.tenantry.shared.problem.ForbiddenException;
import java.util.Optional;

/**
 * The body of {@code PATCH /v1/tenant}: the fields to change; absent fields stay as they are. A
 * {@code plan} field answers 403: plans are set by the operator ({@code ChangeTenantPlanFunction}).
 */
public record UpdateTenantRequest(Optional<String> name) {

    public static UpdateTenantRequest parse(JsonBody body) {
        if (body.has("plan")) {
            throw new ForbiddenException("The plan is set by the operator, not by the tenant.");
        }
        Optional<String> name = body.optionalString("name", 1, CreateTenantRequest.MAX_NAME);
        body.validate();
        return new UpdateTenantRequest(name);
    }
}
