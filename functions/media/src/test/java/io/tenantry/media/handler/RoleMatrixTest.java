package io.tenantry.media.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import io.tenantry.media.handler.MediaFixture.Tenant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every media route × every role, against the role table of the API contract. */
@EmulatedAws
class RoleMatrixTest {
    static MediaFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new MediaFixture(aws, Map.of("tenantry.rate-limit.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2}: allowed={3}")
    @CsvSource({
        "GET, /v1/media, owner, true",
        "GET, /v1/media, admin, true",
        "GET, /v1/media, member, true",
        "GET, /v1/media, viewer, true",
        "GET, /v1/media, none, false",
        "POST, /v1/media, owner, true",
        "POST, /v1/media, admin, true",
        "POST, /v1/media, member, true",
        "POST, /v1/media, viewer, false",
        "POST, /v1/media, none, false",
        "GET, /v1/media/{id}, owner, true",
        "GET, /v1/media/{id}, admin, true",
        "GET, /v1/media/{id}, member, true",
        "GET, /v1/media/{id}, viewer, true",
        "GET, /v1/media/{id}, none, false",
        "DELETE, /v1/media/{id}, owner, true",
        "DELETE, /v1/media/{id}, admin, true",
        "DELETE, /v1/media/{id}, member, true",
        "DELETE, /v1/media/{id}, viewer, false",
        "DELETE, /v1/media/{id}, none, false",
    })
    void route_allowsExactlyTheRolesOfTheContract(String method, String path, String role, boolean allowed) {
        Tenant tenant = MediaFixture.newTenant();
        String id = fixture.create(tenant, "matrix.png", "image/png", 100)
                .path("id")
                .asText();
        ApiEvent event =
                path.contains("{id}") ? fixture.onMedia(tenant, role, method, id) : tenant.as(role, method, path);
        if (role.equals("none")) {
            event.user("s", "s@example.test");
        }
        if (method.equals("POST")) {
            event.json("{\"fileName\": \"a.png\", \"contentType\": \"image/png\", \"sizeBytes\": 5}");
        }
        ApiResult result = ApiResult.call(
                switch (method + " " + path) {
                    case "GET /v1/media" -> fixture.list;
                    case "POST /v1/media" -> fixture.create;
                    case "GET /v1/media/{id}" -> fixture.get;
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
