package io.tenantry.users.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.users.handler.UsersFixture.Tenant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every users route × every role, against the role table of the API contract. */
@EmulatedAws
class RoleMatrixTest {
    static UsersFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new UsersFixture(aws);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2}: allowed={3}")
    @CsvSource({
        "GET, /v1/users, owner, true",
        "GET, /v1/users, admin, true",
        "GET, /v1/users, member, true",
        "GET, /v1/users, viewer, true",
        "GET, /v1/users, none, false",
        "POST, /v1/users, owner, true",
        "POST, /v1/users, admin, true",
        "POST, /v1/users, member, false",
        "POST, /v1/users, viewer, false",
        "POST, /v1/users, none, false",
        "GET, /v1/users/{id}, viewer, true",
        "GET, /v1/users/{id}, member, true",
        "GET, /v1/users/{id}, none, false",
        "PATCH, /v1/users/{id}, owner, true",
        "PATCH, /v1/users/{id}, admin, true",
        "PATCH, /v1/users/{id}, member, false",
        "PATCH, /v1/users/{id}, viewer, false",
        "PATCH, /v1/users/{id}, none, false",
        "DELETE, /v1/users/{id}, owner, true",
        "DELETE, /v1/users/{id}, admin, true",
        "DELETE, /v1/users/{id}, member, false",
        "DELETE, /v1/users/{id}, viewer, false",
        "DELETE, /v1/users/{id}, none, false",
    })
    void route_allowsExactlyTheRolesOfTheContract(String method, String path, String role, boolean allowed) {
        Tenant tenant = fixture.newTenant();
        String member = fixture.addMember(tenant, "viewer");
        ApiEvent event =
                path.contains("{id}") ? fixture.onUser(tenant, role, method, member) : tenant.as(role, method, path);
        if (role.equals("none")) {
            event.user("s", "s@example.test");
        }
        if (method.equals("POST")) {
            event.json("{\"email\": \"new-" + UUID.randomUUID() + "@example.test\"}");
        } else if (method.equals("PATCH")) {
            event.json("{\"role\": \"member\"}");
        }
        ApiResult result = ApiResult.call(
                switch (method + " " + path) {
                    case "GET /v1/users" -> fixture.list;
                    case "POST /v1/users" -> fixture.create;
                    case "GET /v1/users/{id}" -> fixture.get;
                    case "PATCH /v1/users/{id}" -> fixture.update;
                    default -> fixture.delete;
                },
                event);
        if (allowed) {
            assertEquals(2, result.status() / 100, result::toString);
        } else {
            assertEquals(403, result.status(), result::toString);
        }
    }
}
