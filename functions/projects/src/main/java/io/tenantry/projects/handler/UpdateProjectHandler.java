package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.model.UpdateProjectRequest;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code PATCH /v1/projects/{projectId}}: members change a project's name or description. Honours If-Match. */
@Route(value = "PATCH /v1/projects/{projectId}", audit = "project.updated", role = Role.MEMBER)
public class UpdateProjectHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public UpdateProjectHandler() {}

    public UpdateProjectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"description\": \"Priming\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        UpdateProjectRequest changes = UpdateProjectRequest.parse(request.body());
        Project project =
                projects.update(access, request.pathParameter("projectId").orElse(""), changes, request.ifMatch());
        return ApiResponse.ok(project).etag(project.version());
    }
}
