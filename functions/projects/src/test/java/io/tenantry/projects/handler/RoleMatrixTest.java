package io.tenantry.projects.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.projects.handler.ProjectsFixture.Tenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every projects route × every role, against the role table of the API contract. */
@EmulatedAws
class RoleMatrixTest {
    static ProjectsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new ProjectsFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2}: allowed={3}")
    @CsvSource({
        "GET, /v1/projects, owner, true",
        "GET, /v1/projects, admin, true",
        "GET, /v1/projects, member, true",
        "GET, /v1/projects, viewer, true",
        "GET, /v1/projects, none, false",
        "POST, /v1/projects, owner, true",
        "POST, /v1/projects, admin, true",
        "POST, /v1/projects, member, true",
        "POST, /v1/projects, viewer, false",
        "POST, /v1/projects, none, false",
        "GET, /v1/projects/{id}, owner, true",
        "GET, /v1/projects/{id}, viewer, true",
        "GET, /v1/projects/{id}, none, false",
        "PATCH, /v1/projects/{id}, admin, true",
        "PATCH, /v1/projects/{id}, member, true",
        "PATCH, /v1/projects/{id}, viewer, false",
        "PATCH, /v1/projects/{id}, none, false",
        "DELETE, /v1/projects/{id}, owner, true",
        "DELETE, /v1/projects/{id}, member, true",
        "DELETE, /v1/projects/{id}, viewer, false",
        "DELETE, /v1/projects/{id}, none, false",
    })
    void route_allowsExactlyTheRolesOfTheContract(String method, String path, String role, boolean allowed) {
        Tenant tenant = ProjectsFixture.newTenant();
        String id = fixture.createProject(tenant, "Matrix");
        ApiEvent event =
                path.contains("{id}") ? fixture.onProject(tenant, role, method, id) : tenant.as(role, method, path);
        if (role.equals("none")) {
            event.user("s", "s@example.test");
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            event.json("{\"name\": \"Allowed\"}");
        }
        ApiResult result = ApiResult.call(
                switch (method + " " + path) {
                    case "GET /v1/projects" -> fixture.list;
                    case "POST /v1/projects" -> fixture.create;
                    case "GET /v1/projects/{id}" -> fixture.get;
                    case "PATCH /v1/projects/{id}" -> fixture.update;
                    default -> fixture.delete;
                },
                event);
        if (allowed) {
            assertNotEquals(403, result.status(), result::toString);
            assertEquals(2, result.status() / 100, result::toString);
        } else {
            assertEquals(403, result.status(), result::toString);
        }
    }
}
