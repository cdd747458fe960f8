package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code GET /v1/projects/{projectId}}: one project, with its ETag. */
@Route(value = "GET /v1/projects/{projectId}", role = Role.VIEWER)
public class GetProjectHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public GetProjectHandler() {}

    public GetProjectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        Project project =
                projects.get(access, request.pathParameter("projectId").orElse(""));
        return ApiResponse.ok(project).etag(project.version());
    }
}
