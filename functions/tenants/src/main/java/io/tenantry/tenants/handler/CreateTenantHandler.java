package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Caller;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.tenants.model.CreateTenantRequest;
import io.tenantry.tenants.model.Tenant;
import io.tenantry.tenants.service.TenantService;
import jakarta.inject.Inject;

/** {@code POST /v1/tenants}: any signed-in user creates a tenant and becomes its owner. */
@Route(value = "POST /v1/tenants", access = Route.Access.CALLER, idempotent = true)
public class CreateTenantHandler extends ApiHandler {
    @Inject
    TenantService tenants;

    public CreateTenantHandler() {}

    public CreateTenantHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"name\": \"Priming\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        Caller caller = request.caller();
        CreateTenantRequest body = CreateTenantRequest.parse(request.body());
        Tenant tenant = tenants.create(caller, body);
        return ApiResponse.created(tenant, "/v1/tenant").etag(tenant.version());
    }
}
