package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.UsageQuery;
import io.tenantry.billing.service.UsageService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/usage?from=&to=}: admins read the tenant's metered usage per day. */
@Route(value = "GET /v1/usage", role = Role.ADMIN)
public class GetUsageHandler extends ApiHandler {
    @Inject
    UsageService usage;

    public GetUsageHandler() {}

    public GetUsageHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        UsageQuery query =
                UsageQuery.parse(request.queryParameter("from"), request.queryParameter("to"), usage.today());
        return ApiResponse.ok(usage.usage(access, query));
    }
}
