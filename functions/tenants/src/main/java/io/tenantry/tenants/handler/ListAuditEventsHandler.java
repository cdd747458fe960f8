package io.tenantry.tenants.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import io.tenantry.tenants.service.AuditEventService;
import jakarta.inject.Inject;

/** {@code GET /v1/audit-events}: admins read every change made in the tenant, newest first, with filters. */
@Route(value = "GET /v1/audit-events", role = Role.ADMIN)
public class ListAuditEventsHandler extends ApiHandler {
    @Inject
    AuditEventService events;

    public ListAuditEventsHandler() {}

    public ListAuditEventsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(events.list(
                access,
                request.queryParameter("action"),
                request.queryParameter("actorUserId"),
                PageRequest.from(request)));
    }
}
