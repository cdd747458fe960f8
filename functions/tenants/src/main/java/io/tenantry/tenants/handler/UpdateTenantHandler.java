package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.model.UpdateTenantRequest;
import io.tenantry.tenants.service.TenantService;
import jakarta.inject.Inject;

/** {@code PATCH /v1/tenant}: admins rename the tenant; owners also change its plan. Honours If-Match. */
@Route(value = "PATCH /v1/tenant", audit = "tenant.updated", role = Role.ADMIN)
public class UpdateTenantHandler extends ApiHandler {
    @Inject
    TenantService tenants;

    public UpdateTenantHandler() {}

    public UpdateTenantHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"name\": \"Priming\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        TenantAccess access = request.tenant();
        UpdateTenantRequest changes = UpdateTenantRequest.parse(request.body());
        Tenant tenant = tenants.update(access, changes, request.ifMatch());
        return ApiResponse.ok(tenant).etag(tenant.version());
    }
}
