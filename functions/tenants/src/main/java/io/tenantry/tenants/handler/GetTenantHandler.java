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

/** {@code GET /v1/tenant}: the token's tenant, for any member. */
@Route(value = "GET /v1/tenant", role = Role.VIEWER)
public class GetTenantHandler extends ApiHandler {
    @Inject
    TenantService tenants;

    public GetTenantHandler() {}

    public GetTenantHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Tenant tenant = tenants.get(request.tenant());
        return ApiResponse.ok(tenant).etag(tenant.version());
    }
}
