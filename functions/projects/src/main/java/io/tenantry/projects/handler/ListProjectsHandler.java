package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.page.PageRequest;
import jakarta.inject.Inject;

/** {@code GET /v1/projects}: the tenant's projects, newest first, a page at a time. */
public class ListProjectsHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public ListProjectsHandler() {}

    public ListProjectsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant(Role.VIEWER);
        return ApiResponse.ok(projects.list(access, PageRequest.from(request)));
    }
}
