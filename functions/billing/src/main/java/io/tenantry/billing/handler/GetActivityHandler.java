package io.tenantry.billing.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.billing.model.UsageQuery;
import io.tenantry.billing.service.ActivityService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/analytics/activity?from=&to=}: admins read what the tenant's members did, per day. */
@Route(value = "GET /v1/analytics/activity", role = Role.ADMIN)
public class GetActivityHandler extends ApiHandler {
    @Inject
    ActivityService activity;

    public GetActivityHandler() {}

    public GetActivityHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        UsageQuery query =
                UsageQuery.parse(request.queryParameter("from"), request.queryParameter("to"), activity.today());
        return ApiResponse.ok(activity.activity(access, query));
    }
}
