package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code DELETE /v1/projects/{projectId}}: members delete a project. Honours If-Match. */
@Route(value = "DELETE /v1/projects/{projectId}", audit = "project.deleted", role = Role.MEMBER)
public class DeleteProjectHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public DeleteProjectHandler() {}

    public DeleteProjectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        projects.delete(access, request.pathParameter("projectId").orElse(""), request.ifMatch());
        return ApiResponse.noContent();
    }
}
