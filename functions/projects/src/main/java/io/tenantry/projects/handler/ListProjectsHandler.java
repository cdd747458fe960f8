package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import io.tenantry.shared.page.PageRequest;
import jakarta.inject.Inject;

/** {@code GET /v1/projects}: the tenant's projects, newest first, a page at a time. */
@Route(value = "GET /v1/projects", role = Role.VIEWER)
public class ListProjectsHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public ListProjectsHandler() {}

    public ListProjectsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        return ApiResponse.ok(projects.list(access, PageRequest.from(request)));
    }
}
