package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.service.TenantService;
import jakarta.inject.Inject;

/**
 * {@code DELETE /v1/tenant}: the owner offboards the tenant. 202 with the tenant, now {@code deleting};
 * its tokens answer 404 from then on, and a worker purges every item and object in the background.
 */
@Route(value = "DELETE /v1/tenant", audit = "tenant.deletion_requested", role = Role.OWNER)
public class DeleteTenantHandler extends ApiHandler {
    @Inject
    TenantService tenants;

    public DeleteTenantHandler() {}

    public DeleteTenantHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Tenant tenant = tenants.delete(request.tenant());
        return ApiResponse.accepted(tenant);
    }
}
