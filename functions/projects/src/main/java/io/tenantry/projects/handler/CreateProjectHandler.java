package io.tenantry.projects.handler;

import io.micronaut.context.ApplicationContext;
import io.tenantry.projects.model.CreateProjectRequest;
import io.tenantry.projects.model.Project;
import io.tenantry.projects.service.ProjectService;
import io.tenantry.shared.auth.Role;
import io.tenantry.shared.http.ApiHandler;
import io.tenantry.shared.http.ApiRequest;
import io.tenantry.shared.http.ApiResponse;
import io.tenantry.shared.http.Route;
import jakarta.inject.Inject;

/** {@code POST /v1/projects}: members create a project. Honours Idempotency-Key. */
@Route(value = "POST /v1/projects", audit = "project.created", role = Role.MEMBER, idempotent = true)
public class CreateProjectHandler extends ApiHandler {
    @Inject
    ProjectService projects;

    public CreateProjectHandler() {}

    public CreateProjectHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String primingBody() {
        return "{\"name\": \"Priming\", \"description\": \"Priming\"}";
    }

    @Override
    protected ApiResponse handle(ApiRequest request) {
        var access = request.tenant();
        CreateProjectRequest body = CreateProjectRequest.parse(request.body());
        Project project = projects.create(access, body);
        return ApiResponse.created(project, "/v1/projects/" + project.id()).etag(project.version());
    }
}
