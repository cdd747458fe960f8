package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import java.util.UUID;

/** The projects handlers on one context, and fresh tenants (by their token claims) to call them as. */
final class ProjectsFixture implements AutoCloseable {
    final ApplicationContext context;
    final ListProjectsHandler list;
    final CreateProjectHandler create;
    final GetProjectHandler get;
    final UpdateProjectHandler update;
    final DeleteProjectHandler delete;

    ProjectsFixture(AwsEnvironment aws) {
        this(aws, java.util.Map.of());
    }

    ProjectsFixture(AwsEnvironment aws, java.util.Map<String, Object> extraProperties) {
        java.util.Map<String, Object> properties =
                new java.util.HashMap<>(aws.micronautProperties("ListProjectsFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.run(properties);
        list = new ListProjectsHandler(context);
        create = new CreateProjectHandler(context);
        get = new GetProjectHandler(context);
        update = new UpdateProjectHandler(context);
        delete = new DeleteProjectHandler(context);
    }

    /** A tenant as its tokens see it: projects are items of its partition, so no tenant record is needed. */
    record Tenant(String tenantId) {
        ApiEvent as(String role, String method, String path) {
            return ApiEvent.of(method, path).member("sub-" + tenantId, tenantId + "@example.test", tenantId, role);
        }
    }

    static Tenant newTenant() {
        return new Tenant("ten_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase());
    }

    String createProject(Tenant tenant, String name) {
        ApiResult created = ApiResult.call(
                create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"" + name + "\"}"));
        assertEquals(201, created.status(), created::toString);
        return created.json().path("id").asText();
    }

    ApiEvent onProject(Tenant tenant, String role, String method, String projectId) {
        return tenant.as(role, method, "/v1/projects/" + projectId)
                .route(method + " /v1/projects/{projectId}")
                .pathParameter("projectId", projectId);
    }

    @Override
    public void close() {
        context.close();
    }
}
