package io.tenantry.identity.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.identity.model.Health;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;

/** {@code GET /v1/health}: liveness, for anyone, no token needed. */
@Route(value = "GET /v1/health", access = Route.Access.PUBLIC)
public class GetHealthHandler extends ApiHandler {

    public GetHealthHandler() {}

    public GetHealthHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        return ApiResponse.ok(Health.OK);
    }
}
