package io.tenantry.tenants.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantry.local.testkit.ApiEvent;
import io.tenantry.local.testkit.ApiResult;
import io.tenantry.local.testkit.AwsEnvironment;
import io.tenantry.local.testkit.EmulatedAws;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatedAws
class GetTenantHandlerIT {
    static TenantsFixture fixture;

    @BeforeAll
    static void start(AwsEnvironment aws) {
        fixture = new TenantsFixture(aws, Map.of());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "admin", "member", "viewer"})
    void get_returnsTheTokensTenant_toEveryRole(String role) {
        var tenant = fixture.signUp("enterprise");
        ApiResult result = ApiResult.call(fixture.get, tenant.as(role, "GET", "/v1/tenant"));

        assertEquals(200, result.status(), result::toString);
        assertEquals(tenant.tenantId(), result.json().path("id").asText());
        assertEquals("enterprise", result.json().path("plan").asText());
        assertTrue(result.json().path("createdAt").asText().endsWith("Z"));
        assertEquals("\"2\"", result.header("ETag"), "version 1 at sign-up, 2 after the operator's plan change");
    }

    @Test
    void get_neverShowsAnotherTenant_toAnotherTenantsToken() {
        var mine = fixture.signUp("free");
        var theirs = fixture.signUp("pro");
        ApiResult result = ApiResult.call(fixture.get, theirs.as("owner", "GET", "/v1/tenant"));
        assertEquals(theirs.tenantId(), result.json().path("id").asText());
        assertTrue(!result.body().contains(mine.tenantId()));
    }

    @Test
    void get_answers404_forATenantThatDoesNotExist() {
        ApiResult result = ApiResult.call(
                fixture.get,
                ApiEvent.of("GET", "/v1/tenant")
                        .member("s", "s@example.test", "ten_01JD3Q5R7C0000000000000099", "owner"));
        assertTrue(result.isProblem(404), result::toString);
    }

    @Test
    void get_answers401_withoutAToken_and403_withoutATenant() {
        ApiResult anonymous = ApiResult.call(fixture.get, ApiEvent.of("GET", "/v1/tenant"));
        ApiResult noTenant =
                ApiResult.call(fixture.get, ApiEvent.of("GET", "/v1/tenant").user("s", "s@example.test"));
        assertTrue(anonymous.isProblem(401), anonymous::toString);
        assertTrue(noTenant.isProblem(403), noTenant::toString);
    }

    @Test
    void get_echoesTheCallersRequestId() {
        var tenant = fixture.signUp("free");
        ApiResult result = ApiResult.call(
                fixture.get, tenant.as("viewer", "GET", "/v1/tenant").header("X-Request-Id", "trace-42"));
        assertEquals("trace-42", result.header("X-Request-Id"));
        ApiResult problem =
                ApiResult.call(fixture.get, ApiEvent.of("GET", "/v1/tenant").header("X-Request-Id", "trace-43"));
        assertEquals("trace-43", problem.json().path("requestId").asText());
    }
}
