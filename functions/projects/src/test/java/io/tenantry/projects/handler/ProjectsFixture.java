package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.shared.testing.TestTenants;
import io.tenantry.shared.testing.TestTenants.SeededTenant;

/** The projects handlers on one context, and fresh tenants (by their token claims) to call them as. */
final class ProjectsFixture implements AutoCloseable {
    final ApplicationContext context;
    final ListProjectsHandler list;
    final CreateProjectHandler create;
    final GetProjectHandler get;
    final UpdateProjectHandler update;
    final DeleteProjectHandler delete;
    final TestTenants tenants;

    ProjectsFixture(AwsEnvironment aws) {
        this(aws, java.util.Map.of());
    }

    /** {@code singletons}: beans of the context besides its own (an SDK interceptor that counts the calls). */
    ProjectsFixture(AwsEnvironment aws, java.util.Map<String, Object> extraProperties, Object... singletons) {
        java.util.Map<String, Object> properties =
                new java.util.HashMap<>(aws.micronautProperties("ListProjectsFunction"));
        properties.putAll(extraProperties);
        context = ApplicationContext.builder()
                .properties(properties)
                .singletons(singletons)
                .start();
        tenants = new TestTenants(context);
        list = new ListProjectsHandler(context);
        create = new CreateProjectHandler(context);
        get = new GetProjectHandler(context);
        update = new UpdateProjectHandler(context);
        delete = new DeleteProjectHandler(context);
    }

    /** A new tenant with a stored member of each role: requests are admitted by the stored membership. */
    SeededTenant newTenant() {
        return tenants.create();
    }

    String createProject(SeededTenant tenant, String name) {
        ApiResult created = ApiResult.call(
                create, tenant.as("member", "POST", "/v1/projects").json("{\"name\": \"" + name + "\"}"));
        assertEquals(201, created.status(), created::toString);
        return created.json().path("id").asText();
    }

    ApiEvent onProject(SeededTenant tenant, String role, String method, String projectId) {
        return tenant.as(role, method, "/v1/projects/" + projectId)
                .route(method + " /v1/projects/{projectId}")
                .pathParameter("projectId", projectId);
    }

    @Override
    public void close() {
        context.close();
    }
}
