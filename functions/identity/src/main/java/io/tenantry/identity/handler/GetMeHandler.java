package io.tenantry.identity.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.identity.service.MeService;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/me}: the caller and its memberships; any valid token, with or without a tenant. */
@Route(value = "GET /v1/me", access = Route.Access.CALLER)
public class GetMeHandler extends ApiHandler {
    @Inject
    MeService me;

    public GetMeHandler() {}

    public GetMeHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return ApiResponse.ok(me.me(request.caller()));
    }
}
